using System.Threading.Channels;
using Gateway.Transport.Streaming;

namespace Gateway.Tests.Transport;

/// <summary>The bounded outbox the WebSocket and SSE transports write from, on its own.</summary>
public sealed class OutboxTests
{
    [Fact]
    public async Task A_full_outbox_cuts_the_client_off_once_and_abandons_the_pending_write()
    {
        using var outbox = new Outbox<int>(2);

        var first = outbox.TryEnqueue(1, out var firstOverflowed) & outbox.TryEnqueue(2, out _);
        var third = outbox.TryEnqueue(3, out var overflowed);
        var fourth = outbox.TryEnqueue(4, out var overflowedAgain);

        Assert.True(first);
        Assert.False(firstOverflowed);
        Assert.False(third);
        Assert.True(overflowed);
        Assert.False(fourth);
        Assert.False(overflowedAgain);
        Assert.True(outbox.Overflowed);
        Assert.True(outbox.Abandoned.IsCancellationRequested);
        // What was queued can still be read; then the reader learns the client was cut off.
        var queued = new[] { await outbox.Reader.ReadAsync(), await outbox.Reader.ReadAsync() };
        Assert.Equal([1, 2], queued);
        await Assert.ThrowsAsync<ChannelClosedException>(async () => await outbox.Reader.ReadAsync());
    }

    [Fact]
    public void The_owner_hears_of_an_overflow_once_and_before_the_pending_write_is_abandoned()
    {
        var abandonedWhenTold = new List<bool>();
        Outbox<int>? outbox = null;
        using (outbox = new Outbox<int>(1, () => abandonedWhenTold.Add(outbox!.Abandoned.IsCancellationRequested), CancellationToken.None))
        {
            outbox.TryEnqueue(1, out _);
            outbox.TryEnqueue(2, out _);
            outbox.TryEnqueue(3, out _);

            Assert.Equal([false], abandonedWhenTold);
            Assert.True(outbox.Abandoned.IsCancellationRequested);
        }
    }

    [Fact]
    public async Task A_completed_outbox_is_drained_in_order_and_ends_without_abandoning()
    {
        using var outbox = new Outbox<string>(10);
        outbox.TryEnqueue("next", out _);
        outbox.TryEnqueue("complete", out _);

        outbox.Complete();
        var late = outbox.TryEnqueue("late", out var overflowed);
        var read = new List<string>();
        await foreach (var message in outbox.Reader.ReadAllAsync())
        {
            read.Add(message);
        }

        Assert.Equal(["next", "complete"], read);
        Assert.False(late);
        Assert.False(overflowed);
        Assert.False(outbox.Overflowed);
        Assert.False(outbox.Abandoned.IsCancellationRequested);
    }

    [Fact]
    public void The_client_leaving_abandons_the_outbox()
    {
        using var leaving = new CancellationTokenSource();
        using var outbox = new Outbox<int>(1, leaving.Token);

        leaving.Cancel();

        Assert.True(outbox.Abandoned.IsCancellationRequested);
        Assert.False(outbox.Overflowed);
    }
}
