using System.Net.WebSockets;
using System.Security.Claims;
using System.Text.Json;
using Gateway.Security.Authentication;
using Gateway.Subscriptions;
using GraphQL;

namespace Gateway.Transport.WebSockets;

/// <summary>
/// The graphql-transport-ws protocol on one connection: <c>connection_init</c>/<c>connection_ack</c> within the init
/// timeout, ping/pong both ways, the connection's life bounded by its token, and operations (<c>subscribe</c> →
/// <c>next</c>* → <c>complete</c>, or <c>error</c>). It sits between two layers that know nothing of it: the
/// <see cref="WebSocketMessagePump"/> below, which reads and writes whole messages, and the operations above
/// (<see cref="ConnectionOperations"/> tracks them, an <see cref="IOperationRunner"/> runs each). Closing the
/// connection cancels every operation and its upstream subscriptions.
/// </summary>
public sealed class GraphQLWebSocketConnection : IDisposable
{
    /// <summary>Key of the <c>connection_init</c> payload in the execution's user context.</summary>
    public const string ConnectionParamsKey = "connectionParams";

    private readonly WebSocketMessagePump _pump;
    private readonly ConnectionOperations _operations;
    private readonly IOperationRunner _runner;
    private readonly IGraphQLTextSerializer _serializer;
    private readonly GraphQLRequestReader _reader;
    private readonly SubscriptionOptions _options;
    private readonly BearerTokens _tokens;
    private readonly Dictionary<string, object?> _userContext = [];
    // The upgrade request's user, replaced by the user of a token in the connection_init payload. HttpContext is not
    // thread-safe and operations run on their own tasks: the user is captured here, once.
    private ClaimsPrincipal _user;
    private volatile bool _initReceived;
    private volatile bool _acknowledged;

    public GraphQLWebSocketConnection(
        WebSocket socket,
        HttpContext http,
        IOperationRunner runner,
        IGraphQLTextSerializer serializer,
        GraphQLRequestReader reader,
        SubscriptionOptions options,
        BearerTokens tokens,
        ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        _pump = new WebSocketMessagePump(socket, options.MaxMessageBytes, options.SendQueueLimit, logger, http.RequestAborted);
        _operations = new ConnectionOperations(options.MaxOperationsPerConnection, _pump.CloseRequested);
        _runner = runner;
        _serializer = serializer;
        _reader = reader;
        _options = options;
        _tokens = tokens;
        _user = http.User;
    }

    public void Dispose() => _pump.Dispose();

    public async Task RunAsync()
    {
        _ = CloseIfNotInitialisedAsync();
        _ = KeepAliveAsync();
        await _pump.RunAsync(HandleAsync).ConfigureAwait(false);
    }

    /// <summary>
    /// The instance is shutting down: close with 1001 Going Away, so clients reconnect (to another replica) at once
    /// instead of waiting for the connection to drop.
    /// </summary>
    public void GoAway() => _pump.RequestClose(WebSocketCloseStatus.EndpointUnavailable, "Server shutting down");

    /// <summary>Handles one client message.</summary>
    private async ValueTask HandleAsync(ReadOnlyMemory<byte> text)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text);
        }
        catch (JsonException)
        {
            _pump.RequestClose(CloseCodes.BadRequest, "Invalid message received: not JSON");
            return;
        }

        using (document)
        {
            var message = document.RootElement;
            if (message.ValueKind != JsonValueKind.Object
                || !message.TryGetProperty("type", out var typeElement)
                || typeElement.ValueKind != JsonValueKind.String)
            {
                _pump.RequestClose(CloseCodes.BadRequest, "Invalid message received: no type");
                return;
            }

            switch (typeElement.GetString())
            {
                case "connection_init":
                    await InitialiseAsync(message).ConfigureAwait(false);
                    break;

                case "ping":
                    _pump.Send(TransportWsMessages.Message("pong"));
                    break;

                case "pong":
                    break;

                case "subscribe":
                    Subscribe(message);
                    break;

                case "complete":
                    if (TryGetId(message, out var completedId))
                    {
                        _operations.Stop(completedId);
                    }
                    else
                    {
                        _pump.RequestClose(CloseCodes.BadRequest, "Invalid message received: complete needs an id");
                    }
                    break;

                default:
                    _pump.RequestClose(CloseCodes.BadRequest, "Invalid message received: unknown type");
                    break;
            }
        }
    }

    private async ValueTask InitialiseAsync(JsonElement message)
    {
        if (_initReceived)
        {
            _pump.RequestClose(CloseCodes.TooManyInitialisationRequests, "Too many initialisation requests");
            return;
        }
        _initReceived = true;
        if (message.TryGetProperty("payload", out var payload))
        {
            if (payload.ValueKind is not (JsonValueKind.Object or JsonValueKind.Null))
            {
                _pump.RequestClose(CloseCodes.BadRequest, "Invalid message received: payload must be an object");
                return;
            }
            _userContext[ConnectionParamsKey] = payload.Clone();
            if (BearerToken(payload) is { } token)
            {
                var (user, _) = await _tokens.ValidateAsync(token, _pump.CloseRequested).ConfigureAwait(false);
                if (user is null)
                {
                    _pump.RequestClose(CloseCodes.Forbidden, "Forbidden");
                    return;
                }
                _user = user;
            }
        }
        _ = CloseWhenTokenExpiresAsync(_user);
        _acknowledged = true;
        _pump.Send(TransportWsMessages.Message("connection_ack"));
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

    private void Subscribe(JsonElement message)
    {
        if (!TryGetId(message, out var id)
            || !message.TryGetProperty("payload", out var payload)
            || payload.ValueKind != JsonValueKind.Object)
        {
            _pump.RequestClose(CloseCodes.BadRequest, "Invalid message received: subscribe needs an id and a payload");
            return;
        }
        if (!_acknowledged)
        {
            _pump.RequestClose(CloseCodes.Unauthorized, "Unauthorized");
            return;
        }

        if (_reader.ReadObject(payload).Refused(out var unreadable, out var request))
        {
            _pump.RequestClose(CloseCodes.BadRequest, $"Invalid message received: {unreadable.Message}");
            return;
        }
        if (string.IsNullOrWhiteSpace(request.Query) && request.DocumentId is null && request.Extensions?.ContainsKey("persistedQuery") != true)
        {
            _pump.RequestClose(CloseCodes.BadRequest, "Invalid message received: the payload has no query");
            return;
        }

        var user = _user;
        var sink = new OperationMessages(this, id);
        switch (_operations.TryStart(id, token => _runner.RunAsync(id, request, user, _userContext, sink, token)))
        {
            case OperationStart.LimitReached:
                _pump.Send(TransportWsMessages.Error(id, $"At most {_options.MaxOperationsPerConnection} operations may run on one connection."));
                break;
            case OperationStart.DuplicateId:
                _pump.RequestClose(CloseCodes.SubscriberAlreadyExists, $"Subscriber for {id} already exists");
                break;
        }
    }

    /// <summary>An operation's outcome as graphql-transport-ws messages of its id.</summary>
    private sealed class OperationMessages(GraphQLWebSocketConnection connection, string id) : IOperationSink
    {
        public void Next(object payload) => connection._pump.Send(TransportWsMessages.Next(connection._serializer, id, payload));

        // Validation and variable errors end the operation with an error message (their errors), and no complete.
        public void NotExecuted(ExecutionResult result) => connection._pump.Send(TransportWsMessages.Errors(connection._serializer, id, result.Errors));

        public void Failed(string message, string? code) => connection._pump.Send(TransportWsMessages.Error(id, message, code));

        public void Complete() => connection._pump.Send(TransportWsMessages.Message("complete", id));
    }

    /// <summary>
    /// A connection lives no longer than the token it was authenticated with: at the token's <c>exp</c> it closes
    /// with 4403, and the client reconnects with a fresh token.
    /// </summary>
    private async Task CloseWhenTokenExpiresAsync(ClaimsPrincipal user)
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
                await Task.Delay(remaining, _pump.CloseRequested).ConfigureAwait(false);
            }
            _pump.RequestClose(CloseCodes.Forbidden, "Token expired");
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task CloseIfNotInitialisedAsync()
    {
        try
        {
            await Task.Delay(_options.ConnectionInitTimeout, _pump.CloseRequested).ConfigureAwait(false);
            if (!_initReceived)
            {
                _pump.RequestClose(CloseCodes.ConnectionInitialisationTimeout, "Connection initialisation timeout");
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task KeepAliveAsync()
    {
        if (_options.KeepAliveInterval <= TimeSpan.Zero)
        {
            return;
        }
        try
        {
            using var timer = new PeriodicTimer(_options.KeepAliveInterval);
            while (await timer.WaitForNextTickAsync(_pump.CloseRequested).ConfigureAwait(false))
            {
                // Keep-alive starts with the acknowledged connection; before that only connection_init is expected.
                if (_acknowledged)
                {
                    _pump.Send(TransportWsMessages.Message("ping"));
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static bool TryGetId(JsonElement message, out string id)
    {
        id = message.TryGetProperty("id", out var element) && element.ValueKind == JsonValueKind.String ? element.GetString()! : "";
        return id.Length > 0;
    }
}
