using System.Collections.Concurrent;
using Gateway.Sources.Common.Caching;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Gateway.Sources.Common.Events;

/// <summary>
/// The bus across instances: Redis pub/sub. Each instance subscribes to a Redis channel once, while it has local
/// observers of it, and unsubscribes when the last one leaves, so no channel subscription outlives its use.
/// Messages are delivered only through Redis, also on the publishing instance, so every subscriber sees each once.
/// </summary>
public sealed class RedisEventBus(RedisConnection connection, ILogger<RedisEventBus> logger) : IEventBus
{
    private readonly ConcurrentDictionary<string, Topic> _topics = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>Channels this instance is subscribed to in Redis.</summary>
    public int ActiveChannels => _topics.Count;

    public async Task PublishAsync(string channel, ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
    {
        var multiplexer = await connection.GetAsync().ConfigureAwait(false);
        await multiplexer.GetSubscriber().PublishAsync(connection.Channel(multiplexer, channel), message).ConfigureAwait(false);
    }

    public async Task<IAsyncDisposable> ListenAsync(string channel, Action<ReadOnlyMemory<byte>> deliver, CancellationToken cancellationToken)
    {
        var multiplexer = await connection.GetAsync().ConfigureAwait(false);
        var subscriber = multiplexer.GetSubscriber();
        var redisChannel = connection.Channel(multiplexer, channel);
        // SubscribeAsync completes once Redis confirms the subscription. Its queue hands messages over one at a time,
        // in the order Redis sent them (a handler would be called concurrently, and a stream's complete could overtake
        // its last next).
        var queue = await subscriber.SubscribeAsync(redisChannel).ConfigureAwait(false);
        queue.OnMessage(message => deliver((ReadOnlyMemory<byte>)message.Message));
        return new AsyncUnsubscriber(async () =>
        {
            try
            {
                await queue.UnsubscribeAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                logger.LogDebug("Could not unsubscribe from {Channel}: {Reason}", channel, ex.GetType().Name);
            }
        });
    }

    public IObservable<T> Subscribe<T>(string channel, Func<ReadOnlyMemory<byte>, T?> map) where T : class =>
        new ChannelObservable<T>(observer =>
        {
            Topic topic;
            bool first;
            lock (_gate)
            {
                topic = _topics.GetOrAdd(channel, _ => new Topic());
                first = topic.Add(observer);
            }
            if (first)
            {
                _ = ListenAsync(channel, topic);
            }
            return new Unsubscriber(() =>
            {
                lock (_gate)
                {
                    if (!topic.Remove(observer) || !_topics.TryRemove(new KeyValuePair<string, Topic>(channel, topic)))
                    {
                        return;
                    }
                }
                _ = StopListeningAsync(channel);
            });
        }, map);

    private async Task ListenAsync(string channel, Topic topic)
    {
        try
        {
            var multiplexer = await connection.GetAsync().ConfigureAwait(false);
            // In order, one message at a time, as above: a payment's SUCCEEDED must not arrive before its PENDING.
            var queue = await multiplexer.GetSubscriber().SubscribeAsync(connection.Channel(multiplexer, channel)).ConfigureAwait(false);
            queue.OnMessage(message => topic.Deliver((ReadOnlyMemory<byte>)message.Message));
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            // The multiplexer re-establishes subscriptions it knows when Redis returns; one it never made is retried
            // by the next subscriber of the channel.
            logger.LogWarning("Could not subscribe to {Channel}: {Reason}", channel, ex.GetType().Name);
        }
    }

    private async Task StopListeningAsync(string channel)
    {
        try
        {
            var multiplexer = await connection.GetAsync().ConfigureAwait(false);
            var subscriber = multiplexer.GetSubscriber();
            lock (_gate)
            {
                if (_topics.ContainsKey(channel))
                {
                    // A new observer arrived meanwhile; keep listening.
                    return;
                }
            }
            await subscriber.UnsubscribeAsync(connection.Channel(multiplexer, channel)).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            logger.LogDebug("Could not unsubscribe from {Channel}: {Reason}", channel, ex.GetType().Name);
        }
    }
}
