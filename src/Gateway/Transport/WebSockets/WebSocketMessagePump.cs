using System.Buffers;
using System.Net.WebSockets;
using System.Threading.Channels;
using Gateway.Transport.Streaming;

namespace Gateway.Transport.WebSockets;

/// <summary>
/// The socket layer of a WebSocket connection, knowing nothing of GraphQL: it reads whole text messages (at most
/// <c>maxMessageBytes</c>) and hands them to the protocol one at a time, writes every message through one bounded
/// <see cref="Outbox{T}"/> drained by one sender (so messages never interleave, and a client that stops reading is
/// cut off instead of growing memory), and closes with the close handshake.
/// </summary>
public sealed class WebSocketMessagePump : IDisposable
{
    private static readonly TimeSpan CloseHandshakeTimeout = TimeSpan.FromSeconds(5);

    private readonly WebSocket _socket;
    private readonly ILogger _logger;
    private readonly int _maxMessageBytes;
    private readonly Outbox<byte[]> _outgoing;
    // Cancels the receive: at once when the sender is done without a close frame, or after the handshake's timeout.
    private readonly CancellationTokenSource _receiving;
    private readonly CancellationTokenSource _closeRequested = new();
    private readonly Lock _closeLock = new();
    private (int Code, string Reason)? _close;

    /// <summary>A pump for <paramref name="socket"/>; <paramref name="aborted"/> is the client's leaving (the request's <c>RequestAborted</c>).</summary>
    public WebSocketMessagePump(WebSocket socket, int maxMessageBytes, int sendQueueLimit, ILogger logger, CancellationToken aborted)
    {
        _socket = socket;
        _logger = logger;
        _maxMessageBytes = maxMessageBytes;
        // The overflow's close is recorded before the stuck send is abandoned: abandoning it aborts the socket, and the
        // pump's own ending would otherwise record its reason first.
        _outgoing = new Outbox<byte[]>(sendQueueLimit, () =>
        {
            _logger.LogWarning("Closing a WebSocket whose client does not read its messages");
            RequestClose(WebSocketCloseStatus.PolicyViolation, "Slow consumer: too many undelivered messages");
        }, aborted);
        _receiving = CancellationTokenSource.CreateLinkedTokenSource(aborted);
    }

    /// <summary>Cancelled once a close is requested (by either side, or because the client left): the connection's work should stop.</summary>
    public CancellationToken CloseRequested => _closeRequested.Token;

    /// <summary>The close the pump sends or sent, once one is requested.</summary>
    public (int Code, string Reason)? Close
    {
        get
        {
            lock (_closeLock)
            {
                return _close;
            }
        }
    }

    /// <summary>
    /// Runs the connection until it is closed: every whole text message goes to <paramref name="onMessage"/>, which
    /// is awaited before the next is read. Messages arriving after a close was requested are dropped while the
    /// client's close frame is awaited.
    /// </summary>
    public async Task RunAsync(Func<ReadOnlyMemory<byte>, ValueTask> onMessage)
    {
        ArgumentNullException.ThrowIfNull(onMessage);
        var sender = SendLoopAsync();
        try
        {
            await ReceiveLoopAsync(onMessage).ConfigureAwait(false);
        }
        catch (WebSocketException)
        {

            // The client vanished without a close handshake.
            Console.Error.WriteLine("DEBUG " + new System.Diagnostics.StackTrace());
        }
        catch (OperationCanceledException)
        {

        }
        finally
        {
            RequestClose(WebSocketCloseStatus.NormalClosure, "Bye");
            await _receiving.CancelAsync().ConfigureAwait(false);
            await sender.ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Queues <paramref name="message"/>. A full queue abandons the send it is stuck in (one the client will never
    /// read): the socket is aborted instead of waiting to say goodbye. False when the message was not queued.
    /// </summary>
    public bool Send(byte[] message) => _outgoing.TryEnqueue(message, out _);

    /// <summary>Whether the connection was cut off because its client did not read.</summary>
    public bool Overflowed => _outgoing.Overflowed;

    public void RequestClose(WebSocketCloseStatus status, string reason) => RequestClose((int)status, reason);

    /// <summary>Sends what is queued, then the close frame; the first reason given wins.</summary>
    public void RequestClose(int code, string reason)
    {
        lock (_closeLock)
        {
            if (_close is not null)
            {
                return;
            }
            _close = (code, reason);
        }
        _outgoing.Complete();
        try
        {
            _closeRequested.Cancel();
        }
        catch (AggregateException)
        {
            // A callback of the protocol's failed; the close goes ahead regardless.
        }
    }

    public void Dispose()
    {
        _outgoing.Dispose();
        _receiving.Dispose();
        _closeRequested.Dispose();
    }

    private async Task ReceiveLoopAsync(Func<ReadOnlyMemory<byte>, ValueTask> onMessage)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            while (_socket.State is WebSocketState.Open or WebSocketState.CloseSent && !_receiving.IsCancellationRequested)
            {
                using var message = new MemoryStream();
                var tooBig = false;
                ValueWebSocketReceiveResult received;
                do
                {
                    received = await _socket.ReceiveAsync(buffer.AsMemory(), _receiving.Token).ConfigureAwait(false);
                    if (received.MessageType == WebSocketMessageType.Close)
                    {
                        return;
                    }
                    tooBig |= message.Length + received.Count > _maxMessageBytes;
                    if (!tooBig)
                    {
                        message.Write(buffer, 0, received.Count);
                    }
                }
                while (!received.EndOfMessage);

                if (_closeRequested.IsCancellationRequested)
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
                    await onMessage(message.GetBuffer().AsMemory(0, (int)message.Length)).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task SendLoopAsync()
    {
        var closeSent = false;
        try
        {
            await foreach (var message in _outgoing.Reader.ReadAllAsync().ConfigureAwait(false))
            {
                if (_socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived))
                {
                    break;
                }
                await _socket.SendAsync(message, WebSocketMessageType.Text, true, _outgoing.Abandoned).ConfigureAwait(false);
            }
            if (Close is { } close && _socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                await _socket.CloseOutputAsync((WebSocketCloseStatus)close.Code, close.Reason, _outgoing.Abandoned).ConfigureAwait(false);
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
                _receiving.CancelAfter(CloseHandshakeTimeout);
            }
            else
            {
                await _receiving.CancelAsync().ConfigureAwait(false);
            }
        }
    }
}
