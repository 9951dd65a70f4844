using System.Text;
using System.Threading.Channels;
using Gateway.Subscriptions;
using Gateway.Transport.Http;
using GraphQL;

namespace Gateway.Transport.Sse;

/// <summary>
/// GraphQL over Server-Sent Events, distinct connections mode (the graphql-sse protocol): one HTTP response per
/// operation, carrying <c>next</c> events with GraphQL responses and a final <c>complete</c> event. Comments keep idle
/// streams alive through proxies; a client that stops reading is cut off rather than buffered for.
/// </summary>
public sealed class ServerSentEvents(IGraphQLTextSerializer serializer, Microsoft.Extensions.Options.IOptions<SubscriptionOptions> options)
{
    private static readonly byte[] CompleteEvent = "event: complete\ndata:\n\n"u8.ToArray();
    private static readonly byte[] KeepAliveComment = ":\n\n"u8.ToArray();

    public async Task WriteAsync(HttpContext context, ExecutionResult result)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = ResponseFormat.EventStream.ContentType();
        response.Headers.CacheControl = "no-cache";
        // Tells nginx-style proxies not to buffer the stream.
        response.Headers["X-Accel-Buffering"] = "no";
        await response.StartAsync(context.RequestAborted);
        // StartAsync only buffers the headers: flush them, so the client sees the stream open (EventSource's
        // "open") before the first event, however long that takes.
        await response.Body.FlushAsync(context.RequestAborted);

        if (result.Streams is { Count: > 0 } streams)
        {
            await StreamAsync(context, streams.Values.First());
        }
        else
        {
            await WriteEventAsync(response, Next(result), context.RequestAborted);
        }

        if (!context.RequestAborted.IsCancellationRequested)
        {
            await WriteEventAsync(response, CompleteEvent, context.RequestAborted);
        }
    }

    private async Task StreamAsync(HttpContext context, IObservable<ExecutionResult> stream)
    {
        var settings = options.Value;
        var events = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(settings.SendQueueLimit) { SingleReader = true });
        // Cancelled when the client stops reading: the pending write can never finish, so the connection is aborted.
        using var abandon = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        using var subscription = stream.Subscribe(new Observer(events, abandon, this));
        var token = abandon.Token;
        try
        {
            while (true)
            {
                var waiting = events.Reader.WaitToReadAsync(token).AsTask();
                if (settings.KeepAliveInterval > TimeSpan.Zero
                    && await Task.WhenAny(waiting, Task.Delay(settings.KeepAliveInterval, token)) != waiting)
                {
                    await WriteEventAsync(context.Response, KeepAliveComment, token);
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

    private byte[] Next(ExecutionResult result) =>
        Encoding.UTF8.GetBytes($"event: next\ndata: {serializer.Serialize(result)}\n\n");

    private static async Task WriteEventAsync(HttpResponse response, byte[] message, CancellationToken cancellationToken)
    {
        await response.Body.WriteAsync(message, cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }

    private sealed class Observer(Channel<byte[]> events, CancellationTokenSource abandon, ServerSentEvents owner) : IObserver<ExecutionResult>
    {
        public void OnNext(ExecutionResult value)
        {
            if (!events.Writer.TryWrite(owner.Next(value)))
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
