using System.Threading.Channels;
using Gateway.Subscriptions;
using Gateway.Transport.Http;
using GraphQL;

namespace Gateway.Transport.Streaming;

/// <summary>
/// A GraphQL response streamed over one HTTP response, in a <see cref="StreamFraming"/>: GraphQL over SSE (distinct
/// connections mode of the graphql-sse protocol) or Apollo's multipart subscriptions. A subscription's results are
/// sent as they come, any other operation's one result, then the end; keep-alives hold idle streams open through
/// proxies, and a client that stops reading is cut off rather than buffered for.
/// </summary>
public sealed class StreamedResponses(
    IGraphQLTextSerializer serializer, Microsoft.Extensions.Options.IOptions<SubscriptionOptions> options, IHostApplicationLifetime lifetime)
{
    public async Task WriteAsync(HttpContext context, ExecutionResult result, StreamFraming framing)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = framing.ContentType;
        response.Headers.CacheControl = "no-cache";
        // Tells nginx-style proxies not to buffer the stream.
        response.Headers["X-Accel-Buffering"] = "no";
        await response.StartAsync(context.RequestAborted);
        // StartAsync only buffers the headers: flush them, so the client sees the stream open (EventSource's
        // "open") before the first event, however long that takes.
        await response.Body.FlushAsync(context.RequestAborted);

        if (result.Streams is { Count: > 0 } streams)
        {
            await StreamAsync(context, streams.Values.First(), framing);
        }
        else
        {
            await WriteEventAsync(response, framing.Next(serializer.Serialize(result)), context.RequestAborted);
        }

        if (!context.RequestAborted.IsCancellationRequested)
        {
            await WriteEventAsync(response, framing.End, context.RequestAborted);
        }
    }

    private async Task StreamAsync(HttpContext context, IObservable<ExecutionResult> stream, StreamFraming framing)
    {
        var settings = options.Value;
        var events = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(settings.SendQueueLimit) { SingleReader = true });
        // Cancelled when the client stops reading: the pending write can never finish, so the connection is aborted.
        using var abandon = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        using var subscription = stream.Subscribe(new Observer(events, abandon, result => framing.Next(serializer.Serialize(result))));
        var token = abandon.Token;
        // When this instance stops, the stream ends as a finished one would, so the client resubscribes elsewhere at
        // once instead of waiting for the connection to be cut when the shutdown timeout runs out.
        using var stopping = lifetime.ApplicationStopping.Register(() => events.Writer.TryComplete());
        try
        {
            while (true)
            {
                var waiting = events.Reader.WaitToReadAsync(token).AsTask();
                if (settings.KeepAliveInterval > TimeSpan.Zero
                    && await Task.WhenAny(waiting, Task.Delay(settings.KeepAliveInterval, token)) != waiting)
                {
                    await WriteEventAsync(context.Response, framing.KeepAlive, token);
                    continue;
                }
                if (!await waiting)
                {
                    return;
                }
                while (events.Reader.TryRead(out var message))
                {
                    await WriteEventAsync(context.Response, message, token);
                }
            }
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client closed the stream; disposing the subscription releases its upstream resources.
        }
        catch (Exception ex) when (ex is ChannelClosedException or OperationCanceledException)
        {
            // A slow consumer: the stream ends rather than buffering without bound.
            context.Abort();
        }
    }

    private static async Task WriteEventAsync(HttpResponse response, byte[] message, CancellationToken cancellationToken)
    {
        await response.Body.WriteAsync(message, cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }

    private sealed class Observer(Channel<byte[]> events, CancellationTokenSource abandon, Func<ExecutionResult, byte[]> frame) : IObserver<ExecutionResult>
    {
        public void OnNext(ExecutionResult value)
        {
            if (!events.Writer.TryWrite(frame(value)))
            {
                events.Writer.TryComplete(new ChannelClosedException("The client does not read its events."));
                try
                {
                    abandon.Cancel();
                }
                catch (ObjectDisposedException)
                {
                    // The stream already ended.
                }
            }
        }

        public void OnError(Exception error) => events.Writer.TryComplete();

        public void OnCompleted() => events.Writer.TryComplete();
    }
}
