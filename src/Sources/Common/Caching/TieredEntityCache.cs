using System.Text;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Gateway.Sources.Common.Caching;

/// <summary>
/// Redis behind a short-lived copy in this instance's memory. A read that this instance made within the last
/// <c>Gateway:Cache:LocalTtl</c> (never longer than the entry stays fresh) costs no Redis round trip; anything
/// else reads Redis and keeps a local copy. Invalidations delete from Redis and are published on
/// <see cref="Channel"/>, so every instance drops its copies within a pub/sub delivery; if a message is lost (Redis
/// down), a copy lives at most the local TTL. A read that overlaps an invalidation keeps no copy, so it cannot
/// bring back what was just invalidated.
/// </summary>
public sealed class TieredEntityCache : IEntityCache
{
    public static readonly string Channel = CacheKeys.Prefix + "cache:invalidate";
    private static readonly TimeSpan ResubscribeDelay = TimeSpan.FromSeconds(2);

    private readonly RedisEntityCache _shared;
    private readonly MemoryEntityCache _local;
    private readonly RedisConnection _connection;
    private readonly TimeSpan _localTtl;
    private readonly TimeProvider _time;
    private readonly ILogger<TieredEntityCache> _logger;
    private long _generation;

    public TieredEntityCache(RedisEntityCache shared, MemoryEntityCache local, RedisConnection connection, TimeSpan localTtl,
        TimeProvider time, ILogger<TieredEntityCache> logger)
    {
        (_shared, _local, _connection, _localTtl, _time, _logger) = (shared, local, connection, localTtl, time, logger);
        _ = SubscribeAsync();
    }

    public async Task<CacheEntry?[]> GetManyAsync(IReadOnlyList<string> keys, CancellationToken cancellationToken)
    {
        var entries = await _local.GetManyAsync(keys, cancellationToken).ConfigureAwait(false);
        List<int>? missing = null;
        for (var i = 0; i < entries.Length; i++)
        {
            if (entries[i] is null)
            {
                (missing ??= []).Add(i);
            }
        }
        if (missing is null)
        {
            return entries;
        }

        var generation = Interlocked.Read(ref _generation);
        var shared = await _shared.GetManyAsync([.. missing.Select(i => keys[i])], cancellationToken).ConfigureAwait(false);
        var now = _time.GetUtcNow();
        var copies = new List<CacheWrite>();
        for (var j = 0; j < missing.Count; j++)
        {
            entries[missing[j]] = shared[j];
            if (shared[j] is { } entry && entry.FreshUntil > now)
            {
                copies.Add(new CacheWrite(keys[missing[j]], entry.Payload, Min(_localTtl, entry.FreshUntil - now), TimeSpan.Zero));
            }
        }
        if (copies.Count > 0 && Interlocked.Read(ref _generation) == generation)
        {
            await _local.SetManyAsync(copies, cancellationToken).ConfigureAwait(false);
        }
        return entries;
    }

    public async Task SetManyAsync(IReadOnlyList<CacheWrite> writes, CancellationToken cancellationToken)
    {
        await _shared.SetManyAsync(writes, cancellationToken).ConfigureAwait(false);
        await _local.SetManyAsync([.. writes.Select(write => write with { Ttl = Min(_localTtl, write.Ttl), Grace = TimeSpan.Zero })], cancellationToken)
            .ConfigureAwait(false);
    }

    public async Task InvalidateAsync(IReadOnlyList<string> keys, IReadOnlyList<string> tags, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _generation);
        var removed = await _shared.InvalidateEntriesAsync(keys, tags).ConfigureAwait(false);
        string[] evicted = [.. keys.Union(removed, StringComparer.Ordinal)];
        await _local.InvalidateAsync(evicted, tags, cancellationToken).ConfigureAwait(false);
        if (evicted.Length == 0)
        {
            return;
        }
        try
        {
            var multiplexer = await _connection.GetAsync().ConfigureAwait(false);
            await multiplexer.GetSubscriber().PublishAsync(_connection.Channel(multiplexer, Channel), string.Join('\n', evicted)).ConfigureAwait(false);
        }
        catch (Exception ex) when (RedisEntityCache.IsCacheFailure(ex, cancellationToken))
        {
            // Other instances keep their copies until the local TTL ends them.
            _connection.Failed(ex);
        }
    }

    private void Evict(ReadOnlyMemory<byte> message)
    {
        Interlocked.Increment(ref _generation);
        var keys = Encoding.UTF8.GetString(message.Span).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        _ = _local.InvalidateAsync(keys, [], CancellationToken.None);
    }

    /// <summary>Subscribes once Redis is reachable; the multiplexer renews the subscription after reconnects.</summary>
    private async Task SubscribeAsync()
    {
        while (true)
        {
            try
            {
                var multiplexer = await _connection.GetAsync().ConfigureAwait(false);
                await multiplexer.GetSubscriber().SubscribeAsync(_connection.Channel(multiplexer, Channel), (_, message) => Evict((ReadOnlyMemory<byte>)message))
                    .ConfigureAwait(false);
                return;
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                _logger.LogDebug(ex, "Subscribing to cache invalidations failed; retrying");
                await Task.Delay(ResubscribeDelay, _time).ConfigureAwait(false);
            }
            catch (ObjectDisposedException)
            {
                return;
            }
        }
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
