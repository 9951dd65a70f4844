using System.Buffers;
using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text.Json;
using System.Threading.Channels;
using Gateway.Security.Authentication;
using Gateway.Subscriptions;
using GraphQL;

namespace Gateway.Transport.WebSockets;

/// <summary>
/// One graphql-transport-ws connection: <c>connection_init</c>/<c>connection_ack</c> within the init timeout, ping/pong
/// both ways, and operations (<c>subscribe</c> → <c>next</c>* → <c>complete</c>, or <c>error</c>) each in its own
/// service scope. Every send goes through one bounded queue drained by one sender, so messages never interleave
/// and a client that stops reading is disconnected instead of growing memory. Closing the socket disposes every
/// operation and its upstream subscriptions.
/// </summary>
public sealed class GraphQLWebSocketConnection(
    WebSocket socket,
    HttpContext http,
    GatewayExecutor executor,
    IGraphQLTextSerializer serializer,
    GraphQLRequestReader reader,
    IServiceScopeFactory scopes,
    WebSocketConnections connections,
    SubscriptionOptions options,
    BearerTokens tokens,
    Gateway.Schema.UnhandledErrors unhandledErrors,
    ILogger<GraphQLWebSocketConnection> logger) : IDisposable
{
    /// <summary>Key of the <c>connection_init</c> payload in the execution's user context.</summary>
    public const string ConnectionParamsKey = "connectionParams";

    // Bounded; a client that stops reading overflows it, which abandons its pending send (so the socket is aborted).
    private readonly Streaming.Outbox<byte[]> _outgoing = new(options.SendQueueLimit, http.RequestAborted);
    private static readonly TimeSpan CloseHandshakeTimeout = TimeSpan.FromSeconds(5);
    private readonly ConcurrentDictionary<string, CancellationTokenSource> _operations = new(StringComparer.Ordinal);
    // HttpContext is not thread-safe and operations run on their own tasks: what they need is captured once, here.
    // The upgrade request's user, replaced by the user of a token in the connection_init payload.
    private System.Security.Claims.ClaimsPrincipal _user = http.User;
    private readonly CancellationToken _aborted = http.RequestAborted;
    private readonly CancellationTokenSource _closing = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
    private readonly Dictionary<string, object?> _userContext = [];
    private (int Code, string Reason)? _close;
    private volatile bool _initReceived;
    private volatile bool _acknowledged;

    /// <summary>Releases the outbox once <see cref="RunAsync"/> has ended.</summary>
    public void Dispose() => _outgoing.Dispose();

    public async Task RunAsync()
    {
        var sender = SendLoopAsync();
        _ = CloseIfNotInitialisedAsync();
        _ = KeepAliveAsync();
        try
        {
            await ReceiveLoopAsync().ConfigureAwait(false);
        }
        catch (WebSocketException)
        {
            // The client vanished without a close handshake.
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            RequestClose(WebSocketCloseStatus.NormalClosure, "Bye");
            CancelOperations();
            await _closing.CancelAsync().ConfigureAwait(false);
            await sender.ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Reads client messages until the client closes. Once a close has been requested, messages are read and
    /// dropped until the client's close frame arrives (or the handshake times out).
    /// </summary>
    private async Task ReceiveLoopAsync()
    {
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            while (socket.State is WebSocketState.Open or WebSocketState.CloseSent && !_closing.IsCancellationRequested)
            {
                using var message = new MemoryStream();
                var tooBig = false;
                ValueWebSocketReceiveResult received;
                do
                {
                    received = await socket.ReceiveAsync(buffer.AsMemory(), _closing.Token).ConfigureAwait(false);
                    if (received.MessageType == WebSocketMessageType.Close)
                    {
                        return;
                    }
                    tooBig |= message.Length + received.Count > options.MaxMessageBytes;
                    if (!tooBig)
                    {
                        message.Write(buffer, 0, received.Count);
                    }
                }
                while (!received.EndOfMessage);

                if (_close is not null)
                {
                    continue;
                }
                if (tooBig)
                {
                    RequestClose(WebSocketCloseStatus.MessageTooBig, "Message too big");
                }
                else if (received.MessageType != WebSocketMessageType.Text)
                {
                    RequestClose(CloseCodes.BadRequest, "Binary messages are not supported");
                }
                else
                {
                    await HandleAsync(message.GetBuffer().AsMemory(0, (int)message.Length)).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Handles one client message; false when the connection is being closed.</summary>
    private async ValueTask<bool> HandleAsync(ReadOnlyMemory<byte> text)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text);
        }
        catch (JsonException)
        {
            return Close(CloseCodes.BadRequest, "Invalid message received: not JSON");
        }

        using (document)
        {
            var message = document.RootElement;
            if (message.ValueKind != JsonValueKind.Object
                || !message.TryGetProperty("type", out var typeElement)
                || typeElement.ValueKind != JsonValueKind.String)
            {
                return Close(CloseCodes.BadRequest, "Invalid message received: no type");
            }

            switch (typeElement.GetString())
            {
                case "connection_init":
                    if (_initReceived)
                    {
                        return Close(CloseCodes.TooManyInitialisationRequests, "Too many initialisation requests");
                    }
                    _initReceived = true;
                    if (message.TryGetProperty("payload", out var initPayload))
                    {
                        if (initPayload.ValueKind is not (JsonValueKind.Object or JsonValueKind.Null))
                        {
                            return Close(CloseCodes.BadRequest, "Invalid message received: payload must be an object");
                        }
                        _userContext[ConnectionParamsKey] = initPayload.Clone();
                        if (BearerToken(initPayload) is { } token)
                        {
                            var (user, _) = await tokens.ValidateAsync(token, _closing.Token).ConfigureAwait(false);
                            if (user is null)
                            {
                                return Close(CloseCodes.Forbidden, "Forbidden");
                            }
                            _user = user;
                        }
                    }
                    _ = CloseWhenTokenExpiresAsync(_user);
                    _acknowledged = true;
                    Send(TransportWsMessages.Message("connection_ack"));
                    return true;

                case "ping":
                    Send(TransportWsMessages.Message("pong"));
                    return true;

                case "pong":
                    return true;

                case "subscribe":
                    return Subscribe(message);

                case "complete":
                    if (!TryGetId(message, out var completedId))
                    {
                        return Close(CloseCodes.BadRequest, "Invalid message received: complete needs an id");
                    }
                    if (_operations.TryRemove(completedId, out var completed))
                    {
                        CancelQuietly(completed);
                    }
                    return true;

                default:
                    return Close(CloseCodes.BadRequest, "Invalid message received: unknown type");
            }
        }
    }

    /// <summary>
    /// The token in a <c>connection_init</c> payload: <c>Authorization</c> (with or without "Bearer "), or
    /// <c>token</c>/<c>authToken</c>, the names common graphql-ws clients use for <c>connectionParams</c>.
    /// </summary>
    private static string? BearerToken(JsonElement payload)
    {
        if (payload.ValueKind != JsonValueKind.Object)
        {
            return null;
        }
        foreach (var property in payload.EnumerateObject())
        {
            if (property.Value.ValueKind == JsonValueKind.String
                && property.Name.ToLowerInvariant() is "authorization" or "token" or "authtoken" or "access_token")
            {
                var value = property.Value.GetString()!.Trim();
                return BearerTokens.FromAuthorization(value) ?? value;
            }
        }
        return null;
    }

    private bool Subscribe(JsonElement message)
    {
        if (!TryGetId(message, out var id)
            || !message.TryGetProperty("payload", out var payload)
            || payload.ValueKind != JsonValueKind.Object)
        {
            return Close(CloseCodes.BadRequest, "Invalid message received: subscribe needs an id and a payload");
        }
        if (!_acknowledged)
        {
            return Close(CloseCodes.Unauthorized, "Unauthorized");
        }

        GraphQLHttpRequest request;
        try
        {
            request = reader.ReadObject(payload);
        }
        catch (RequestError error)
        {
            return Close(CloseCodes.BadRequest, $"Invalid message received: {error.Message}");
        }
        if (string.IsNullOrWhiteSpace(request.Query) && request.DocumentId is null && request.Extensions?.ContainsKey("persistedQuery") != true)
        {
            return Close(CloseCodes.BadRequest, "Invalid message received: the payload has no query");
        }

        if (_operations.Count >= options.MaxOperationsPerConnection)
        {
            Send(TransportWsMessages.Error(id, $"At most {options.MaxOperationsPerConnection} operations may run on one connection."));
            return true;
        }
        var cancellation = CancellationTokenSource.CreateLinkedTokenSource(_closing.Token);
        if (!_operations.TryAdd(id, cancellation))
        {
            cancellation.Dispose();
            return Close(CloseCodes.SubscriberAlreadyExists, $"Subscriber for {id} already exists");
        }
        _ = RunOperationAsync(id, request, cancellation);
        return true;
    }

    private async Task RunOperationAsync(string id, GraphQLHttpRequest request, CancellationTokenSource cancellation)
    {
        connections.OperationStarted();
        var token = cancellation.Token;
        try
        {
            ParsedRequest parsed;
            try
            {
                parsed = await executor.PrepareAsync(request, token).ConfigureAwait(false);
            }
            catch (RequestError refused)
            {
                Send(TransportWsMessages.Error(id, refused.Message, refused.Code));
                return;
            }
            var scope = scopes.CreateAsyncScope();
            await using var disposeScope = scope.ConfigureAwait(false);
            var result = await executor.ExecuteAsync(parsed, scope.ServiceProvider, _user, _userContext, token,
                incremental: Gateway.Execution.Incremental.IncrementalFormat.Current).ConfigureAwait(false);
            if (!result.Executed)
            {
                // Validation and variable errors end the operation with an error message, and no complete.
                Send(Serialize(new Dictionary<string, object?> { ["id"] = id, ["type"] = "error", ["payload"] = result.Errors }));
                return;
            }

            if (result.Streams is { Count: > 0 } streams)
            {
                var finished = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                using var subscription = streams.Values.First().Subscribe(new StreamObserver(this, id, finished));
                using var cancelled = token.Register(() => finished.TrySetResult());
                await finished.Task.ConfigureAwait(false);
            }
            else if (result is Gateway.Execution.Incremental.IncrementalExecutionResult incremental)
            {
                // Each payload of @defer and @stream is a next message of the operation, as graphql-ws delivers them.
                await foreach (var payload in incremental.Delivery.PayloadsAsync(result, token).ConfigureAwait(false))
                {
                    Send(Next(id, payload));
                }
            }
            else
            {
                Send(Next(id, result));
            }

            if (!token.IsCancellationRequested)
            {
                Send(TransportWsMessages.Message("complete", id));
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            var error = unhandledErrors.Report(ex, $"(operation {id})");
            Send(TransportWsMessages.Error(id, error.Message, error.Code));
        }
        finally
        {
            _operations.TryRemove(new KeyValuePair<string, CancellationTokenSource>(id, cancellation));
            cancellation.Dispose();
            connections.OperationEnded();
        }
    }

    private sealed class StreamObserver(GraphQLWebSocketConnection connection, string id, TaskCompletionSource finished) : IObserver<ExecutionResult>
    {
        public void OnNext(ExecutionResult value)
        {
            if (!finished.Task.IsCompleted)
            {
                connection.Send(connection.Next(id, value));
            }
        }

        public void OnError(Exception error)
        {
            connection.Send(TransportWsMessages.Error(id, "The subscription's source failed."));
            finished.TrySetResult();
        }

        public void OnCompleted() => finished.TrySetResult();
    }

    /// <summary>
    /// A connection lives no longer than the token it was authenticated with: at the token's <c>exp</c> it closes
    /// with 4403, and the client reconnects with a fresh token.
    /// </summary>
    private async Task CloseWhenTokenExpiresAsync(System.Security.Claims.ClaimsPrincipal user)
    {
        if (user.FindFirst("exp")?.Value is not { } exp || !long.TryParse(exp, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var seconds))
        {
            return;
        }
        try
        {
            var remaining = DateTimeOffset.FromUnixTimeSeconds(seconds) - DateTimeOffset.UtcNow;
            if (remaining > TimeSpan.Zero)
            {
                await Task.Delay(remaining, _closing.Token).ConfigureAwait(false);
            }
            RequestClose(CloseCodes.Forbidden, "Token expired");
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task CloseIfNotInitialisedAsync()
    {
        try
        {
            await Task.Delay(options.ConnectionInitTimeout, _closing.Token).ConfigureAwait(false);
            if (!_initReceived)
            {
                RequestClose(CloseCodes.ConnectionInitialisationTimeout, "Connection initialisation timeout");
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task KeepAliveAsync()
    {
        if (options.KeepAliveInterval <= TimeSpan.Zero)
        {
            return;
        }
        try
        {
            using var timer = new PeriodicTimer(options.KeepAliveInterval);
            while (await timer.WaitForNextTickAsync(_closing.Token).ConfigureAwait(false))
            {
                // Keep-alive starts with the acknowledged connection; before that only connection_init is expected.
                if (_acknowledged)
                {
                    Send(TransportWsMessages.Message("ping"));
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task SendLoopAsync()
    {
        var closeSent = false;
        try
        {
            await foreach (var message in _outgoing.Reader.ReadAllAsync().ConfigureAwait(false))
            {
                if (socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived))
                {
                    break;
                }
                await socket.SendAsync(message, WebSocketMessageType.Text, true, _outgoing.Abandoned).ConfigureAwait(false);
            }
            if (_close is { } close && socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                await socket.CloseOutputAsync((WebSocketCloseStatus)close.Code, close.Reason, _outgoing.Abandoned).ConfigureAwait(false);
                closeSent = true;
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ChannelClosedException)
        {
            // The client is gone, or stopped reading; nothing more to send.
        }
        finally
        {
            // After our close frame the client gets a moment to answer with its own, which ends the receive loop;
            // cancelling the receive at once would abort the socket and could cut off the close frame itself.
            // A client that never answers must not keep the connection.
            if (closeSent)
            {
                _closing.CancelAfter(CloseHandshakeTimeout);
            }
            else
            {
                await _closing.CancelAsync().ConfigureAwait(false);
            }
        }
    }

    private void Send(byte[] message)
    {
        // A full queue abandons the send it is stuck in (one the client will never read): the socket is aborted
        // instead of waiting to say goodbye, and the operations end.
        if (!_outgoing.TryEnqueue(message, out var overflowed) && overflowed)
        {
            logger.LogWarning("Closing a WebSocket whose client does not read its messages");
            RequestClose(WebSocketCloseStatus.PolicyViolation, "Slow consumer: too many undelivered messages");
        }
    }

    private bool Close(int code, string reason)
    {
        RequestClose(code, reason);
        return false;
    }

    private void RequestClose(WebSocketCloseStatus status, string reason) => RequestClose((int)status, reason);

    /// <summary>Sends what is queued, then the close frame; the first reason given wins.</summary>
    /// <summary>
    /// The instance is shutting down: close with 1001 Going Away, so clients reconnect (to another replica) at once
    /// instead of waiting for the connection to drop.
    /// </summary>
    public void GoAway() => RequestClose(WebSocketCloseStatus.EndpointUnavailable, "Server shutting down");

    private void RequestClose(int code, string reason)
    {
        lock (_operations)
        {
            if (_close is not null)
            {
                return;
            }
            _close = (code, reason);
        }
        _outgoing.Complete();
        CancelOperations();
    }

    private void CancelOperations()
    {
        foreach (var operation in _operations.Values)
        {
            CancelQuietly(operation);
        }
    }

    /// <summary>An operation that just finished disposes its source; cancelling it then is a harmless race.</summary>
    private static void CancelQuietly(CancellationTokenSource operation)
    {
        try
        {
            operation.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private static bool TryGetId(JsonElement message, out string id)
    {
        id = message.TryGetProperty("id", out var element) && element.ValueKind == JsonValueKind.String ? element.GetString()! : "";
        return id.Length > 0;
    }

    private byte[] Next(string id, object result) => TransportWsMessages.Next(serializer, id, result);

    private byte[] Serialize(Dictionary<string, object?> message) => System.Text.Encoding.UTF8.GetBytes(serializer.Serialize(message));
}
