using System.Threading.Channels;
using Gateway.Execution.Incremental;
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
        await OpenAsync(context, framing.ContentType).ConfigureAwait(false);
        if (framing.Start.Length > 0)
        {
            await WriteFrameAsync(context.Response, framing.Start, context.RequestAborted).ConfigureAwait(false);
        }
        if (result.Streams is { Count: > 0 } streams)
        {
            await StreamAsync(context, streams.Values.First(), framing).ConfigureAwait(false);
        }
        else if (result is IncrementalExecutionResult incremental)
        {
            // The initial payload goes out as soon as the executor returns it; each later one as its round finishes.
            await foreach (var payload in incremental.Delivery.PayloadsAsync(result, context.RequestAborted).ConfigureAwait(false))
            {
                await WriteFrameAsync(context.Response, framing.Next(serializer.Serialize(payload)), context.RequestAborted).ConfigureAwait(false);
            }
        }
        else
        {
            await WriteFrameAsync(context.Response, framing.Next(serializer.Serialize(result)), context.RequestAborted).ConfigureAwait(false);
        }

        if (!context.RequestAborted.IsCancellationRequested)
        {
            await WriteFrameAsync(context.Response, framing.End, context.RequestAborted).ConfigureAwait(false);
        }
    }

    /// <summary>Starts a streamed response: <c>200</c>, its content type, neither cached nor buffered by proxies, headers sent.</summary>
    internal static async Task OpenAsync(HttpContext context, string contentType)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = contentType;
        response.Headers.CacheControl = "no-cache";
        // Tells nginx-style proxies not to buffer the stream.
        response.Headers["X-Accel-Buffering"] = "no";
        await response.StartAsync(context.RequestAborted).ConfigureAwait(false);
        // StartAsync only buffers the headers: flush them, so the client sees the stream open (EventSource's
        // "open") before the first event, however long that takes.
        await response.Body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>
    /// Writes the frames <paramref name="frames"/> yields until it completes, with <paramref name="keepAlive"/> while
    /// idle. Frames completed with an error (the writer found the client not reading: a slow consumer) or a cancelled
    /// <paramref name="token"/> other than the client's own leaving end the stream by aborting the connection, rather
    /// than buffering without bound.
    /// </summary>
    internal static async Task PumpAsync(HttpContext context, ChannelReader<byte[]> frames, byte[] keepAlive, TimeSpan interval, CancellationToken token)
    {
        try
        {
            while (true)
            {
                var waiting = frames.WaitToReadAsync(token).AsTask();
                if (interval > TimeSpan.Zero && await Task.WhenAny(waiting, Task.Delay(interval, token)).ConfigureAwait(false) != waiting)
                {
                    await WriteFrameAsync(context.Response, keepAlive, token).ConfigureAwait(false);
                    continue;
                }
                if (!await waiting.ConfigureAwait(false))
                {
                    return;
                }
                while (frames.TryRead(out var frame))
                {
                    await WriteFrameAsync(context.Response, frame, token).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client closed the stream; disposing what feeds it releases its upstream resources.
        }
        catch (Exception ex) when (ex is ChannelClosedException or OperationCanceledException)
        {
            context.Abort();
        }
    }

    private async Task StreamAsync(HttpContext context, IObservable<ExecutionResult> stream, StreamFraming framing)
    {
        var settings = options.Value;
        // A client that stops reading overflows the queue, which abandons the pending write: the connection is aborted.
        using var events = new Outbox<byte[]>(settings.SendQueueLimit, context.RequestAborted);
        using var subscription = stream.Subscribe(new Observer(events, result => framing.Next(serializer.Serialize(result))));
        // When this instance stops, the stream ends as a finished one would, so the client resubscribes elsewhere at
        // once instead of waiting for the connection to be cut when the shutdown timeout runs out.
        using var stopping = lifetime.ApplicationStopping.Register(events.Complete);
        await PumpAsync(context, events.Reader, framing.KeepAlive, settings.KeepAliveInterval, events.Abandoned).ConfigureAwait(false);
    }

    private static async Task WriteFrameAsync(HttpResponse response, byte[] frame, CancellationToken cancellationToken)
    {
        await response.Body.WriteAsync(frame, cancellationToken).ConfigureAwait(false);
        await response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private sealed class Observer(Outbox<byte[]> events, Func<ExecutionResult, byte[]> frame) : IObserver<ExecutionResult>
    {
        public void OnNext(ExecutionResult value) => events.TryEnqueue(frame(value), out _);

        public void OnError(Exception error) => events.Complete();

        public void OnCompleted() => events.Complete();
    }
}
