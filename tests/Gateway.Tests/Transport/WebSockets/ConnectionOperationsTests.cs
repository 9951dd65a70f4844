using Gateway.Transport.WebSockets;

namespace Gateway.Tests.Transport.WebSockets;

/// <summary>The operation lifecycle of a connection on its own: ids, the limit, stopping, the connection's closing.</summary>
public sealed class ConnectionOperationsTests
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(30);

    /// <summary>An operation that runs until it is cancelled or released, and tells when it ended.</summary>
    private sealed class Held
    {
        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource<bool> Ended { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async Task RunAsync(CancellationToken token)
        {
            using var cancelled = token.Register(() => Release.TrySetResult());
            await Release.Task;
            Ended.TrySetResult(token.IsCancellationRequested);
        }
    }

    [Fact]
    public async Task At_most_the_limit_run_at_once_and_a_stopped_one_frees_its_slot()
    {
        var operations = new ConnectionOperations(2, CancellationToken.None);
        var a = new Held();
        var b = new Held();

        Assert.Equal(OperationStart.Started, operations.TryStart("a", a.RunAsync));
        Assert.Equal(OperationStart.Started, operations.TryStart("b", b.RunAsync));
        Assert.Equal(OperationStart.LimitReached, operations.TryStart("c", new Held().RunAsync));
        operations.Stop("a");

        Assert.True(await a.Ended.Task.WaitAsync(HangGuard));
        Assert.Equal(OperationStart.Started, operations.TryStart("c", new Held().RunAsync));
        Assert.False(b.Ended.Task.IsCompleted);
        Assert.Equal(2, operations.Count);
    }

    [Fact]
    public async Task An_id_is_taken_while_its_operation_runs_and_free_when_it_ends()
    {
        var operations = new ConnectionOperations(10, CancellationToken.None);
        var first = new Held();

        operations.TryStart("x", first.RunAsync);
        var whileRunning = operations.TryStart("x", new Held().RunAsync);
        first.Release.SetResult();
        await first.Ended.Task.WaitAsync(HangGuard);
        await WaitForCountAsync(operations, 0);

        Assert.Equal(OperationStart.DuplicateId, whileRunning);
        Assert.Equal(OperationStart.Started, operations.TryStart("x", new Held().RunAsync));
    }

    [Fact]
    public void An_id_reused_after_a_stop_is_not_forgotten_when_the_stopped_operation_ends()
    {
        var operations = new ConnectionOperations(10, CancellationToken.None);
        // The first "x" ignores its cancellation until the test lets it end, after the second "x" started. Its
        // continuations run inline, so when SetResult returns, the operation has ended and left the table.
        var stopped = new TaskCompletionSource();
        operations.TryStart("x", async _ => await stopped.Task.ConfigureAwait(false));
        operations.Stop("x");
        var second = new Held();

        Assert.Equal(OperationStart.Started, operations.TryStart("x", second.RunAsync));
        stopped.SetResult();

        Assert.Equal(OperationStart.DuplicateId, operations.TryStart("x", new Held().RunAsync));
        Assert.Equal(1, operations.Count);
        Assert.False(second.Ended.Task.IsCompleted);
    }

    [Fact]
    public async Task Stopping_cancels_only_that_operation_and_the_connections_closing_cancels_all()
    {
        using var closing = new CancellationTokenSource();
        var operations = new ConnectionOperations(10, closing.Token);
        var (a, b, c) = (new Held(), new Held(), new Held());
        operations.TryStart("a", a.RunAsync);
        operations.TryStart("b", b.RunAsync);
        operations.TryStart("c", c.RunAsync);

        operations.Stop("b");
        operations.Stop("unknown");
        Assert.True(await b.Ended.Task.WaitAsync(HangGuard));
        Assert.False(a.Ended.Task.IsCompleted || c.Ended.Task.IsCompleted);

        await closing.CancelAsync();
        Assert.True(await a.Ended.Task.WaitAsync(HangGuard));
        Assert.True(await c.Ended.Task.WaitAsync(HangGuard));
        await WaitForCountAsync(operations, 0);
    }

    /// <summary>An ended operation leaves the table in its own finally, just after it completes.</summary>
    private static async Task WaitForCountAsync(ConnectionOperations operations, int count)
    {
        await Infrastructure.Eventually.WaitUntil(() => operations.Count == count);
    }
}
