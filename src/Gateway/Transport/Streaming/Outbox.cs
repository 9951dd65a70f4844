using System.Threading.Channels;

namespace Gateway.Transport.Streaming;

/// <summary>
/// The messages a transport has yet to write to one client, bounded (<c>Gateway:Subscriptions:SendQueueLimit</c>):
/// producers never wait, and a client that stops reading is cut off rather than buffered for. When the queue is full,
/// it is completed with an error and <see cref="Abandoned"/> is cancelled, which the writer passes to its pending
/// write (that write can never finish). The WebSocket connection and the SSE streams share it.
/// </summary>
public sealed class Outbox<T> : IDisposable
{
    private readonly Channel<T> _channel;
    private readonly CancellationTokenSource _abandoned;
    private readonly Action? _overflowing;
    private int _state; // 0 open, 1 completed, 2 overflowed

    /// <param name="limit">How many messages may wait.</param>
    /// <param name="aborted">The client's own leaving, which abandons the queue too.</param>
    public Outbox(int limit, CancellationToken aborted = default)
        : this(limit, null, aborted)
    {
    }

    /// <param name="limit">How many messages may wait.</param>
    /// <param name="overflowing">
    /// Called once when the queue overflows, before the pending write is abandoned: abandoning it may end the
    /// writer's connection at once, so the owner records why first.
    /// </param>
    /// <param name="aborted">The client's own leaving, which abandons the queue too.</param>
    public Outbox(int limit, Action? overflowing, CancellationToken aborted)
    {
        _overflowing = overflowing;
        _channel = Channel.CreateBounded<T>(new BoundedChannelOptions(limit) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
        _abandoned = CancellationTokenSource.CreateLinkedTokenSource(aborted);
    }

    public ChannelReader<T> Reader => _channel.Reader;

    /// <summary>Cancelled when the client stopped reading (the queue overflowed) or left.</summary>
    public CancellationToken Abandoned => _abandoned.Token;

    /// <summary>Whether the queue was cut off because the client did not read.</summary>
    public bool Overflowed => Volatile.Read(ref _state) == 2;

    /// <summary>
    /// Queues <paramref name="message"/>. False when it was not queued: the queue was completed before, or is full,
    /// in which case it is cut off now (only the first such call returns <c>true</c> from <paramref name="overflowed"/>).
    /// </summary>
    public bool TryEnqueue(T message, out bool overflowed)
    {
        overflowed = false;
        if (_channel.Writer.TryWrite(message))
        {
            return true;
        }
        if (Interlocked.CompareExchange(ref _state, 2, 0) == 0)
        {
            overflowed = true;
            _overflowing?.Invoke();
            _channel.Writer.TryComplete(new ChannelClosedException("The client does not read its messages."));
            try
            {
                _abandoned.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // The writer is done already.
            }
        }
        return false;
    }

    /// <summary>Ends the queue: what is queued is still read, nothing more is taken.</summary>
    public void Complete()
    {
        if (Interlocked.CompareExchange(ref _state, 1, 0) == 0)
        {
            _channel.Writer.TryComplete();
        }
    }

    public void Dispose() => _abandoned.Dispose();
}
