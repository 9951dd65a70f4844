using System.Net.WebSockets;
using Gateway.Tests.Infrastructure;
using Gateway.Transport.WebSockets;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gateway.Tests.Transport.WebSockets;

/// <summary>The socket layer of the WebSocket transport on its own, over an in-memory WebSocket (no HTTP server, no GraphQL).</summary>
public sealed class WebSocketMessagePumpTests
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Whole_text_messages_reach_the_protocol_one_at_a_time_in_order()
    {
        var (server, client) = InMemoryWebSockets.Pair();
        using var pump = new WebSocketMessagePump(server, 1024, 10, NullLogger.Instance, CancellationToken.None);
        var received = new List<string>();
        var inside = 0;
        var overlapped = false;
        var running = pump.RunAsync(async message =>
        {
            overlapped |= Interlocked.Increment(ref inside) > 1;
            await Task.Yield();
            received.Add(System.Text.Encoding.UTF8.GetString(message.Span));
            Interlocked.Decrement(ref inside);
        });

        // One message in three frames, then two whole ones.
        await client.SendAsync("{\"a\":"u8.ToArray(), WebSocketMessageType.Text, false, CancellationToken.None);
        await client.SendAsync("1"u8.ToArray(), WebSocketMessageType.Text, false, CancellationToken.None);
        await client.SendAsync("}"u8.ToArray(), WebSocketMessageType.Text, true, CancellationToken.None);
        await client.SendTextAsync("second");
        await client.SendTextAsync("third");
        await client.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
        await running.WaitAsync(HangGuard);

        Assert.Equal(["{\"a\":1}", "second", "third"], received);
        Assert.False(overlapped);
        Assert.Equal((int)WebSocketCloseStatus.NormalClosure, pump.Close?.Code);
    }

    [Theory]
    [InlineData(WebSocketMessageType.Text, 1025, (int)WebSocketCloseStatus.MessageTooBig, "Message too big")]
    [InlineData(WebSocketMessageType.Binary, 10, CloseCodes.BadRequest, "Binary messages are not supported")]
    public async Task A_message_the_pump_does_not_take_closes_the_connection(WebSocketMessageType type, int length, int code, string reason)
    {
        var (server, client) = InMemoryWebSockets.Pair();
        using var pump = new WebSocketMessagePump(server, 1024, 10, NullLogger.Instance, CancellationToken.None);
        var handled = 0;
        var running = pump.RunAsync(_ =>
        {
            handled++;
            return ValueTask.CompletedTask;
        });

        await client.SendAsync(new byte[length], type, true, CancellationToken.None);

        Assert.Null(await client.ReceiveTextAsync());
        Assert.Equal(code, (int?)client.CloseStatus);
        Assert.Equal(reason, client.CloseStatusDescription);
        await client.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None);
        await running.WaitAsync(HangGuard);
        Assert.Equal(0, handled);
    }

    [Fact]
    public async Task A_requested_close_sends_what_is_queued_first_and_drops_what_arrives_after()
    {
        var (server, client) = InMemoryWebSockets.Pair();
        using var pump = new WebSocketMessagePump(server, 1024, 10, NullLogger.Instance, CancellationToken.None);
        var handled = new List<string>();
        var running = pump.RunAsync(message =>
        {
            handled.Add(System.Text.Encoding.UTF8.GetString(message.Span));
            return ValueTask.CompletedTask;
        });

        pump.Send("one"u8.ToArray());
        pump.Send("two"u8.ToArray());
        pump.RequestClose(4400, "first reason");
        pump.RequestClose(4500, "second reason");
        var late = pump.Send("late"u8.ToArray());
        // The client speaks before it has read the close frame: the pump is closing, so it is not handled.
        await client.SendTextAsync("after the close");

        Assert.Equal("one", await client.ReceiveTextAsync());
        Assert.Equal("two", await client.ReceiveTextAsync());
        Assert.Null(await client.ReceiveTextAsync());
        Assert.Equal(4400, (int?)client.CloseStatus);
        Assert.Equal("first reason", client.CloseStatusDescription);
        Assert.False(late);
        Assert.True(pump.CloseRequested.IsCancellationRequested);
        await client.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None);
        await running.WaitAsync(HangGuard);
        Assert.Empty(handled);
        Assert.Equal(WebSocketState.Closed, server.State);
    }

    [Fact]
    public async Task A_client_that_stops_reading_is_cut_off_instead_of_buffered_for()
    {
        // The client reads nothing and its buffer takes less than one message: the sender's write waits (or has not
        // begun), the queue of 4 fills, and a later message overflows it.
        var (server, client) = InMemoryWebSockets.Pair(clientBuffer: 1024);
        using var pump = new WebSocketMessagePump(server, 1024, 4, NullLogger.Instance, CancellationToken.None);
        var running = pump.RunAsync(_ => ValueTask.CompletedTask);

        var sent = new List<bool>();
        for (var i = 0; i < 20 && (sent.Count == 0 || sent[^1]); i++)
        {
            sent.Add(pump.Send(new byte[2048]));
        }

        Assert.False(sent[^1]);
        Assert.True(pump.Overflowed);
        Assert.Equal((int)WebSocketCloseStatus.PolicyViolation, pump.Close?.Code);
        // The blocked write is abandoned, which aborts the socket: the pump ends though the client never closes.
        await running.WaitAsync(HangGuard);
        Assert.Equal(WebSocketState.Aborted, server.State);
        client.Dispose();
    }

    [Fact]
    public async Task The_clients_leaving_ends_the_pump_and_requests_the_close()
    {
        var (server, client) = InMemoryWebSockets.Pair();
        using var leaving = new CancellationTokenSource();
        using var pump = new WebSocketMessagePump(server, 1024, 10, NullLogger.Instance, leaving.Token);
        var running = pump.RunAsync(_ => ValueTask.CompletedTask);

        await leaving.CancelAsync();

        await running.WaitAsync(HangGuard);
        Assert.True(pump.CloseRequested.IsCancellationRequested);
        client.Dispose();
    }
}
