using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Gateway.Sources.Common.Events;
using Gateway.Subscriptions;
using Gateway.Transport.Http;
using GraphQL;
using Gateway.Transport.Errors;

namespace Gateway.Transport.Streaming;

/// <summary>
/// GraphQL over SSE in single connection mode (graphql-sse's protocol): <c>PUT</c> reserves a stream and answers its
/// token; a request with the token in <c>X-GraphQL-Event-Stream-Token</c> and <c>Accept: text/event-stream</c> opens
/// it; operations sent with the token and <c>extensions.operationId</c> are answered <c>202</c> and their results
/// come on the stream as <c>next</c> events <c>{id, payload}</c> and a <c>complete</c> <c>{id}</c>; <c>DELETE
/// ?operationId=</c> stops one. One browser connection then carries every subscription of a page. Reservations and
/// operation ids live in the coordination store and results travel on the event bus, so with Redis the stream and the
/// operation requests may land on different instances behind a load balancer that does not stick.
/// </summary>
public sealed class EventStreamSessions(
    ICoordinationStore store,
    IEventBus bus,
    GatewayExecutor executor,
    IGraphQLTextSerializer serializer,
    IServiceScopeFactory scopes,
    Microsoft.Extensions.Options.IOptions<SubscriptionOptions> options,
    IHostApplicationLifetime lifetime)
{
    public const string TokenHeader = "X-GraphQL-Event-Stream-Token";

    private ICoordinationStore Store { get; } = store;

    private IEventBus Bus { get; } = bus;

    private GatewayExecutor Executor { get; } = executor;

    private IServiceScopeFactory Scopes { get; } = scopes;

    private int QueueLimit { get; } = options.Value.SendQueueLimit;

    /// <summary>How long an open stream or an operation id is held without being released.</summary>
    private static readonly TimeSpan Lifetime = TimeSpan.FromHours(12);

    /// <summary>How long a reservation waits for its stream to open (graphql-sse's client opens it at once).</summary>
    private static readonly TimeSpan Unopened = TimeSpan.FromMinutes(10);

    private static string StreamKey(string token) => CoordinationKeys.For("sse-stream", token);

    private static string OpenKey(string token) => CoordinationKeys.For("sse-open", token);

    private static string OperationKey(string token, string id) => CoordinationKeys.For("sse-operation", token + ":" + id);

    private static string EventsChannel(string token) => EventChannels.For("sse-events:" + token);

    private static string StopChannel(string token) => EventChannels.For("sse-stop:" + token);

    /// <summary>Whether a request belongs to this mode: a reservation (PUT), a stop (DELETE), or anything carrying a token.</summary>
    public static bool Handles(HttpRequest request) =>
        HttpMethods.IsPut(request.Method) || HttpMethods.IsDelete(request.Method) || request.Headers.ContainsKey(TokenHeader);

    public static string? TokenOf(HttpRequest request) =>
        request.Headers[TokenHeader] is { Count: 1 } values && values[0] is { Length: > 0 and <= 128 } token ? token : null;

    /// <summary><c>PUT</c>: a new reservation, answered <c>201</c> with its token as text.</summary>
    public async Task ReserveAsync(HttpContext context)
    {
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        await Store.TryAcquireAsync(StreamKey(token), Unopened, context.RequestAborted).ConfigureAwait(false);
        context.Response.StatusCode = StatusCodes.Status201Created;
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync(token, context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>
    /// The stream of a reservation: results of its operations, from any instance, until the client leaves; or why it
    /// cannot be opened.
    /// </summary>
    public async Task<RequestError?> OpenAsync(HttpContext context, string token)
    {
        if (await EnsureReservedAsync(token, context.RequestAborted).ConfigureAwait(false) is { } unreserved)
        {
            return unreserved;
        }
        if (!await Store.TryAcquireAsync(OpenKey(token), Lifetime, context.RequestAborted).ConfigureAwait(false))
        {
            return new StreamConflictError("This stream is already open.");
        }
        // Open, the reservation lasts as long as the stream does.
        await Store.SwapAsync(StreamKey(token), "open", Lifetime, context.RequestAborted).ConfigureAwait(false);
        using var frames = new Outbox<byte[]>(options.Value.SendQueueLimit, context.RequestAborted);
        try
        {
            // Listening before the stream answers: once the client sees it open, nothing sent to it is lost. A client
            // that stops reading is cut off rather than buffered for, as in distinct connections mode.
            var listening = await Bus.ListenAsync(EventsChannel(token), message => frames.TryEnqueue(message.ToArray(), out _), context.RequestAborted)
                .ConfigureAwait(false);
            await using var stopListening = listening.ConfigureAwait(false);
            await StreamedResponses.OpenAsync(context, StreamFraming.ServerSentEvents.ContentType).ConfigureAwait(false);
            // When this instance stops, the stream ends (and its operations with it), so the client reconnects elsewhere.
            using var stopping = lifetime.ApplicationStopping.Register(frames.Complete);
            await StreamedResponses.PumpAsync(context, frames.Reader, StreamFraming.ServerSentEvents.KeepAlive, options.Value.KeepAliveInterval, frames.Abandoned)
                .ConfigureAwait(false);
        }
        finally
        {
            try
            {
                await Store.ReleaseAsync(OpenKey(token), CancellationToken.None).ConfigureAwait(false);
                await Store.ReleaseAsync(StreamKey(token), CancellationToken.None).ConfigureAwait(false);
                // Its operations stop wherever they run.
                await Bus.PublishAsync(StopChannel(token), "*"u8.ToArray(), CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is StackExchange.Redis.RedisException or TimeoutException)
            {
                // Redis is away: the keys expire, and operations elsewhere end with their own streams' instance.
            }
        }
        return null;
    }

    /// <summary>
    /// An operation for a reservation's open stream: run here, its results sent to the stream; answered <c>202</c>.
    /// The stream must be open (graphql-sse's client opens it first): an operation of a stream nobody reads would run
    /// with nothing to end it.
    /// </summary>
    public async Task<RequestError?> StartAsync(HttpContext context, string token, GraphQLHttpRequest request)
    {
        if (await EnsureReservedAsync(token, context.RequestAborted).ConfigureAwait(false) is { } unreserved)
        {
            return unreserved;
        }
        if (!await IsHeldAsync(OpenKey(token), context.RequestAborted).ConfigureAwait(false))
        {
            return new StreamConflictError("Open the stream before sending operations to it.");
        }
        var id = request.Extensions?.TryGetValue("operationId", out var value) == true ? value?.ToString() : null;
        if (string.IsNullOrEmpty(id) || id.Length > 128)
        {
            return new InvalidRequestError("An operation on a stream needs extensions.operationId.");
        }
        if (!await Store.TryAcquireAsync(OperationKey(token, id), Lifetime, context.RequestAborted).ConfigureAwait(false))
        {
            return new StreamConflictError($"Operation '{id}' already runs on this stream.");
        }
        try
        {
            if ((await Executor.PrepareAsync(request, context.RequestAborted).ConfigureAwait(false)).Refused(out var refusal, out var parsed))
            {
                // Refused (an unknown persisted document, say): the id is free again.
                await ReleaseQuietlyAsync(OperationKey(token, id)).ConfigureAwait(false);
                return refusal;
            }
            var operation = new StreamOperation(this, token, id);
            await operation.StartAsync(parsed, context.User).ConfigureAwait(false);
        }
        catch
        {
            // Never started: the id is free again. A Redis failure here must not replace the failure being reported;
            // the key then expires on its own.
            await ReleaseQuietlyAsync(OperationKey(token, id)).ConfigureAwait(false);
            throw;
        }
        context.Response.StatusCode = StatusCodes.Status202Accepted;
        return null;
    }

    private async Task ReleaseQuietlyAsync(string key)
    {
        try
        {
            await Store.ReleaseAsync(key, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is StackExchange.Redis.RedisException or TimeoutException)
        {
        }
    }

    /// <summary><c>DELETE ?operationId=</c>: stops an operation of the stream, wherever it runs.</summary>
    public async Task<RequestError?> StopAsync(HttpContext context, string token)
    {
        if (await EnsureReservedAsync(token, context.RequestAborted).ConfigureAwait(false) is { } unreserved)
        {
            return unreserved;
        }
        if (context.Request.Query["operationId"] is not { Count: 1 } ids || string.IsNullOrEmpty(ids[0]))
        {
            return new InvalidRequestError("Name the operation to stop: ?operationId=.");
        }
        await Bus.PublishAsync(StopChannel(token), Encoding.UTF8.GetBytes(ids[0]!), context.RequestAborted).ConfigureAwait(false);
        context.Response.StatusCode = StatusCodes.Status200OK;
        return null;
    }

    private async Task<RequestError?> EnsureReservedAsync(string token, CancellationToken cancellationToken) =>
        await IsHeldAsync(StreamKey(token), cancellationToken).ConfigureAwait(false)
            ? null
            : new StreamNotFoundError("No stream is reserved with this token.");

    /// <summary>Whether someone holds <paramref name="key"/>: the store acquires or tells that it is held, so an acquisition is undone at once.</summary>
    private async Task<bool> IsHeldAsync(string key, CancellationToken cancellationToken)
    {
        if (!await Store.TryAcquireAsync(key, Lifetime, cancellationToken).ConfigureAwait(false))
        {
            return true;
        }
        await Store.ReleaseAsync(key, cancellationToken).ConfigureAwait(false);
        return false;
    }

    /// <summary>A <c>next</c> event of <paramref name="id"/> with <paramref name="result"/> as its payload, or its <c>complete</c> when null.</summary>
    private byte[] Frame(string id, object? result)
    {
        var text = result is null
            ? $"event: complete\ndata: {{\"id\":{JsonSerializer.Serialize(id)}}}\n\n"
            : $"event: next\ndata: {{\"id\":{JsonSerializer.Serialize(id)},\"payload\":{serializer.Serialize(result)}}}\n\n";
        return Encoding.UTF8.GetBytes(text);
    }

    /// <summary>
    /// One operation of a stream: its own service scope (it outlives the request that started it), its results
    /// published in order, and its end (done, stopped with DELETE, or the stream gone) sent as complete.
    /// </summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "The operation disposes its token source itself, when its pump ends; nothing else holds the operation.")]
    private sealed class StreamOperation(EventStreamSessions owner, string token, string id)
    {
        private readonly CancellationTokenSource _stop = new();
        // Bounded like every send queue: results that cannot be published as fast as they come (the bus is slow or
        // away) end the operation instead of piling up in memory.
        private readonly System.Threading.Channels.Channel<ExecutionResult?> _results = System.Threading.Channels.Channel.CreateBounded<ExecutionResult?>(
            new System.Threading.Channels.BoundedChannelOptions(owner.QueueLimit) { SingleReader = true });

        public async Task StartAsync(ParsedRequest parsed, System.Security.Claims.ClaimsPrincipal user)
        {
            var stopListening = await owner.Bus.ListenAsync(StopChannel(token), message =>
            {
                var which = Encoding.UTF8.GetString(message.Span);
                if (which == "*" || which == id)
                {
                    try
                    {
                        _stop.Cancel();
                    }
                    catch (ObjectDisposedException)
                    {
                        // The operation already ended.
                    }
                }
            }, CancellationToken.None).ConfigureAwait(false);
            var scope = owner.Scopes.CreateAsyncScope();
            var result = await owner.Executor.ExecuteAsync(parsed, scope.ServiceProvider, user, null, _stop.Token,
                incremental: Gateway.Execution.Incremental.IncrementalFormat.Current).ConfigureAwait(false);
            _ = PumpAsync(scope, stopListening, result);
        }

        /// <summary>Publishes the results in order, then complete, and releases what the operation held.</summary>
        private async Task PumpAsync(AsyncServiceScope scope, IAsyncDisposable stopListening, ExecutionResult result)
        {
            IDisposable? subscription = null;
            try
            {
                if (result.Streams is { Count: > 0 } streams)
                {
                    subscription = streams.Values.First().Subscribe(new Observer(_results));
                    using var stopped = _stop.Token.Register(() => _results.Writer.TryComplete());
                    await foreach (var next in _results.Reader.ReadAllAsync().ConfigureAwait(false))
                    {
                        await owner.Bus.PublishAsync(EventsChannel(token), owner.Frame(id, next), CancellationToken.None).ConfigureAwait(false);
                    }
                }
                else if (result is Gateway.Execution.Incremental.IncrementalExecutionResult incremental)
                {
                    await foreach (var payload in incremental.Delivery.PayloadsAsync(result, _stop.Token).ConfigureAwait(false))
                    {
                        await owner.Bus.PublishAsync(EventsChannel(token), owner.Frame(id, payload), CancellationToken.None).ConfigureAwait(false);
                    }
                }
                else
                {
                    await owner.Bus.PublishAsync(EventsChannel(token), owner.Frame(id, result), CancellationToken.None).ConfigureAwait(false);
                }
                await owner.Bus.PublishAsync(EventsChannel(token), owner.Frame(id, null), CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // The bus went away: nobody can be told; the stream's own end stops what is left.
            }
            finally
            {
                subscription?.Dispose();
                await stopListening.DisposeAsync().ConfigureAwait(false);
                await scope.DisposeAsync().ConfigureAwait(false);
                await owner.Store.ReleaseAsync(OperationKey(token, id), CancellationToken.None).ConfigureAwait(false);
                _stop.Dispose();
            }
        }

        private sealed class Observer(System.Threading.Channels.Channel<ExecutionResult?> results) : IObserver<ExecutionResult>
        {
            public void OnNext(ExecutionResult value)
            {
                if (!results.Writer.TryWrite(value))
                {
                    results.Writer.TryComplete();
                }
            }

            public void OnError(Exception error) => results.Writer.TryComplete();

            public void OnCompleted() => results.Writer.TryComplete();
        }
    }
}
