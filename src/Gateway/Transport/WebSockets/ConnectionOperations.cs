using System.Collections.Concurrent;

namespace Gateway.Transport.WebSockets;

/// <summary>How <see cref="ConnectionOperations.TryStart"/> went.</summary>
public enum OperationStart
{
    Started,

    /// <summary>The connection runs as many operations as it may (<c>Gateway:Subscriptions:MaxOperationsPerConnection</c>).</summary>
    LimitReached,

    /// <summary>An operation with this id is running.</summary>
    DuplicateId,
}

/// <summary>
/// The running operations of one connection, whatever its protocol: started under an id that is unique while they run,
/// at most <c>limit</c> at once, each with a cancellation of its own that the connection's closing also cancels;
/// stopped by id, and forgotten when they end.
/// </summary>
public sealed class ConnectionOperations(int limit, CancellationToken connectionClosing)
{
    private readonly ConcurrentDictionary<string, CancellationTokenSource> _running = new(StringComparer.Ordinal);

    /// <summary>Operations running now.</summary>
    public int Count => _running.Count;

    /// <summary>
    /// Starts <paramref name="run"/> as operation <paramref name="id"/>, unless the limit is reached or the id is
    /// taken; the token it gets is cancelled by <see cref="Stop"/> or the connection's closing.
    /// </summary>
    public OperationStart TryStart(string id, Func<CancellationToken, Task> run)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (_running.Count >= limit)
        {
            return OperationStart.LimitReached;
        }
        var cancellation = CancellationTokenSource.CreateLinkedTokenSource(connectionClosing);
        if (!_running.TryAdd(id, cancellation))
        {
            cancellation.Dispose();
            return OperationStart.DuplicateId;
        }
        _ = RunAsync(id, cancellation, run);
        return OperationStart.Started;
    }

    /// <summary>Cancels operation <paramref name="id"/> if it runs; its id is free at once.</summary>
    public void Stop(string id)
    {
        if (_running.TryRemove(id, out var operation))
        {
            CancelQuietly(operation);
        }
    }

    private async Task RunAsync(string id, CancellationTokenSource cancellation, Func<CancellationToken, Task> run)
    {
        try
        {
            await run(cancellation.Token).ConfigureAwait(false);
        }
        finally
        {
            // Only this operation's entry: a stopped id may already have been taken by a new operation.
            _running.TryRemove(new KeyValuePair<string, CancellationTokenSource>(id, cancellation));
            cancellation.Dispose();
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
}
