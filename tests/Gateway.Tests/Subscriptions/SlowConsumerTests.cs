using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Gateway.Transport.WebSockets;
using Gateway.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Tests.Subscriptions;

/// <summary>A gateway that tolerates only 4 undelivered WebSocket messages per connection.</summary>
public sealed class SlowConsumerFixture : GatewayFixture
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
    {
        ["Gateway:Subscriptions:SendQueueLimit"] = "4",
        ["Gateway:Subscriptions:KeepAliveInterval"] = "00:00:00",
    };
}

/// <summary>
/// A subscriber that stops reading is disconnected (WebSocket) or cut off (SSE); its subscription ends and memory
/// stays bounded. And streams open at once, not at their first event.
/// </summary>
public sealed class SlowConsumerTests(SlowConsumerFixture fixture) : IClassFixture<SlowConsumerFixture>
{
    // 29 aliased pages of the customer's payments, each with its customer: about 40 KB per event (within the
    // operation limits), so the kernel's socket buffers (up to 4 MB on loopback) fill within about a hundred events.
    private static readonly string Subscription = "subscription { customerUpdated(id: \"540\") { id phone "
        + string.Join(" ", Enumerable.Range(0, 29).Select(i =>
            $"p{i}: payments(first: 50) {{ nodes {{ id status createdAt amount {{ value currency }} customer {{ id name email phone company accountManager }} }} }}"))
        + " } }";

    [Fact]
    public async Task A_subscriber_that_stops_reading_is_disconnected_and_its_subscription_ends()
    {
        var connections = fixture.Gateway.Services.GetRequiredService<WebSocketConnections>();
        using var socket = await ConnectWithSmallBuffersAsync();
        await SendAsync(socket, new { type = "connection_init", payload = new { Authorization = "Bearer " + TestTokens.Default } });
        await ReceiveOneAsync(socket); // connection_ack
        await SendAsync(socket, new { id = "1", type = "subscribe", payload = new { query = Subscription } });
        // The operation counts from its start, before it listens for events: wait for the listener itself.
        var bus = (Gateway.Sources.Common.Events.InMemoryEventBus)fixture.Gateway.Services.GetRequiredService<Gateway.Sources.Common.Events.IEventBus>();
        await WaitForAsync(() => connections.Operations == 1 && bus.ActiveChannels >= 1);

        // From here on the client reads nothing; the gateway keeps publishing.
        var mutations = 0;
        while (connections.Connections > 0 && mutations < 1000)
        {
            var update = await fixture.Client.GraphQLAsync($"mutation {{ updateCustomerContact(input: {{ id: \"540\", phone: \"+49 30 {mutations:D6}\" }}) {{ customer {{ id }} }} }}");
            Assert.False(update.HasErrors, string.Join("; ", update.Errors));
            mutations++;
        }
        var listening = bus.ActiveChannels;
        await WaitForAsync(() => connections.Operations == 0);

        Assert.True(mutations < 1000, $"the slow consumer was never disconnected (its subscription {(listening == 0 ? "had ended" : "still listened")})");
        Assert.Equal(0, connections.Connections);
        Assert.Equal(WebSocketState.Aborted, socket.State is WebSocketState.Open ? await ProbeAsync(socket) : socket.State);
        // The gateway still serves everyone else.
        Assert.False((await fixture.Client.GraphQLAsync("{ customer(id: \"540\") { id } }")).HasErrors);
    }

    [Fact]
    public async Task A_server_sent_events_subscriber_that_stops_reading_is_cut_off()
    {
        using var http = new HttpClient(SmallReceiveBuffer()) { BaseAddress = fixture.Gateway.Address, Timeout = Timeout.InfiniteTimeSpan };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new { query = Subscription.Replace("540", "541", StringComparison.Ordinal) }),
        };
        request.Headers.Accept.ParseAdd("text/event-stream");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", TestTokens.Default);
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        // The client reads nothing while 300 events (megabytes) are published for it.
        for (var i = 0; i < 300; i++)
        {
            await fixture.Client.GraphQLAsync($"mutation {{ updateCustomerContact(input: {{ id: \"541\", phone: \"+49 30 {i:D6}\" }}) {{ customer {{ id }} }} }}");
        }

        // Reading now drains what the buffers held and then finds the stream cut off, instead of waiting forever.
        await using var body = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[64 * 1024];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var ended = false;
        try
        {
            while (await body.ReadAsync(buffer, timeout.Token) > 0)
            {
            }
            ended = true;
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException)
        {
            ended = true;
        }
        catch (OperationCanceledException)
        {
        }

        Assert.True(ended, "the stream of a client that stopped reading was still open");
    }

    [Fact]
    public async Task A_server_sent_events_stream_opens_before_its_first_event()
    {
        // This fixture sends no keep-alive comments, so only the flushed headers can open the stream.
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new { query = "subscription { customerUpdated(id: \"542\") { id } }" }),
        };
        request.Headers.Accept.ParseAdd("text/event-stream");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));

        using var response = await fixture.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
    }

    /// <summary>Sockets with a 4 KiB receive buffer, so unread data backs up to the server quickly.</summary>
    private static SocketsHttpHandler SmallReceiveBuffer() => new()
    {
        ConnectCallback = async (context, cancellationToken) =>
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 4096, NoDelay = true };
            await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        },
    };

    private async Task<ClientWebSocket> ConnectWithSmallBuffersAsync()
    {
        var client = new ClientWebSocket();
        client.Options.AddSubProtocol("graphql-transport-ws");
        client.Options.SetBuffer(4096, 4096);
        var uri = new UriBuilder(new Uri(fixture.Gateway.Address, "/graphql")) { Scheme = "ws" }.Uri;
        await client.ConnectAsync(uri, new HttpMessageInvoker(SmallReceiveBuffer()), CancellationToken.None);
        return client;
    }

    /// <summary>Reading now drains what was buffered and then finds the connection gone.</summary>
    private static async Task<WebSocketState> ProbeAsync(ClientWebSocket socket)
    {
        var buffer = new byte[64 * 1024];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        try
        {
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer, timeout.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return WebSocketState.Closed;
                }
            }
        }
        catch (WebSocketException)
        {
            return WebSocketState.Aborted;
        }
    }

    private static Task SendAsync(ClientWebSocket socket, object message) =>
        socket.SendAsync(JsonSerializer.SerializeToUtf8Bytes(message), WebSocketMessageType.Text, true, CancellationToken.None);

    private static async Task ReceiveOneAsync(ClientWebSocket socket)
    {
        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        WebSocketReceiveResult result;
        do
        {
            result = await socket.ReceiveAsync(buffer, timeout.Token);
        }
        while (!result.EndOfMessage);
        Assert.Contains("connection_ack", Encoding.UTF8.GetString(buffer, 0, result.Count), StringComparison.Ordinal);
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The condition did not hold in time.");
            await Task.Delay(20);
        }
    }
}
