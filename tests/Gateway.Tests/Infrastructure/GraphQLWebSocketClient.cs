using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Gateway.Tests.Infrastructure;

/// <summary>A graphql-transport-ws client for tests: raw messages in, raw messages and close codes out.</summary>
public sealed class GraphQLWebSocketClient : IAsyncDisposable
{
    private readonly ClientWebSocket _socket = new();

    public WebSocketCloseStatus? CloseStatus => _socket.CloseStatus;

    public string? CloseDescription => _socket.CloseStatusDescription;

    public static async Task<GraphQLWebSocketClient> ConnectAsync(Uri httpAddress, string? subprotocol = "graphql-transport-ws")
    {
        var client = new GraphQLWebSocketClient();
        if (subprotocol is not null)
        {
            client._socket.Options.AddSubProtocol(subprotocol);
        }
        var builder = new UriBuilder(new Uri(httpAddress, "/graphql")) { Scheme = httpAddress.Scheme == "https" ? "wss" : "ws" };
        await client._socket.ConnectAsync(builder.Uri, CancellationToken.None);
        return client;
    }

    /// <summary>
    /// Connects and completes the connection_init / connection_ack handshake, authenticated with
    /// <paramref name="token"/> in the payload (<see cref="TestTokens.Default"/> unless told; none when empty).
    /// </summary>
    public static async Task<GraphQLWebSocketClient> ConnectAndInitAsync(Uri httpAddress, string? token = null)
    {
        var client = await ConnectAsync(httpAddress);
        token ??= TestTokens.Default;
        await client.SendAsync(token.Length == 0
            ? new { type = "connection_init" }
            : new { type = "connection_init", payload = (object)new { Authorization = "Bearer " + token } });
        var ack = await client.ReceiveAsync();
        Assert.Equal("connection_ack", ack.GetProperty("type").GetString());
        return client;
    }

    public Task SendAsync(object message) => SendTextAsync(JsonSerializer.Serialize(message));

    public Task SendTextAsync(string text) => SendTextAsync(Encoding.UTF8.GetBytes(text));

    /// <summary>Sends <paramref name="utf8"/> as one text message, valid UTF-8 or not.</summary>
    public Task SendTextAsync(byte[] utf8) =>
        _socket.SendAsync(utf8, WebSocketMessageType.Text, true, CancellationToken.None);

    public Task SubscribeAsync(string id, string query, object? variables = null) =>
        SendAsync(new { id, type = "subscribe", payload = new { query, variables } });

    /// <summary>The next message, skipping server pings (answered) unless asked for; throws on close or timeout.</summary>
    public async Task<JsonElement> ReceiveAsync(TimeSpan? timeout = null, bool answerPings = true)
    {
        while (true)
        {
            var message = await ReceiveOrCloseAsync(timeout ?? TimeSpan.FromSeconds(15))
                ?? throw new InvalidOperationException($"The server closed the socket: {CloseStatus} {CloseDescription}");
            if (answerPings && message.GetProperty("type").GetString() == "ping")
            {
                await SendAsync(new { type = "pong" });
                continue;
            }
            return message;
        }
    }

    /// <summary>The next message, or null when the server closed the socket.</summary>
    public async Task<JsonElement?> ReceiveOrCloseAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        using var message = new MemoryStream();
        var buffer = new byte[8192];
        WebSocketReceiveResult result;
        do
        {
            result = await _socket.ReceiveAsync(buffer, cancel.Token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }
            message.Write(buffer, 0, result.Count);
        }
        while (!result.EndOfMessage);
        return JsonDocument.Parse(message.ToArray()).RootElement.Clone();
    }

    /// <summary>Reads until the server closes, failing on a message; returns the close code.</summary>
    public async Task<int> ExpectCloseAsync(TimeSpan? timeout = null)
    {
        var message = await ReceiveOrCloseAsync(timeout ?? TimeSpan.FromSeconds(15));
        Assert.Null(message);
        return (int)CloseStatus!.Value;
    }

    /// <summary>
    /// True when nothing but pings arrives within <paramref name="quiet"/>. Ends the test's use of the socket:
    /// a cancelled receive aborts a client WebSocket.
    /// </summary>
    public async Task<bool> IsQuietAsync(TimeSpan quiet)
    {
        var deadline = DateTime.UtcNow + quiet;
        try
        {
            while (true)
            {
                var left = deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero)
                {
                    return true;
                }
                var message = await ReceiveOrCloseAsync(left);
                if (message is null || message.Value.GetProperty("type").GetString() != "ping")
                {
                    return false;
                }
                await SendAsync(new { type = "pong" });
            }
        }
        catch (OperationCanceledException)
        {
            return true;
        }
        catch (WebSocketException)
        {
            return true;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            if (_socket.State == WebSocketState.Open)
            {
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token);
            }
            else if (_socket.State == WebSocketState.CloseReceived)
            {
                // Complete the handshake the server started.
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
        }
        _socket.Dispose();
    }
}
