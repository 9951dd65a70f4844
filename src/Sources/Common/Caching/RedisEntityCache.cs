using StackExchange.Redis;

namespace Gateway.Sources.Common.Caching;

/// <summary>
/// The shared cache: one MGET per batch read, one pipelined batch per write, tags as Redis sets. Every instance
/// behind the load balancer reads what any of them wrote. A Redis failure is a miss or a skipped write, never a
/// failed request.
/// </summary>
public sealed class RedisEntityCache(RedisConnection connection, CacheCounters counters, TimeProvider time) : IEntityCache
{
    private const string Store = "redis";

    public async Task<CacheEntry?[]> GetManyAsync(IReadOnlyList<string> keys, CancellationToken cancellationToken)
    {
        var entries = new CacheEntry?[keys.Count];
        try
        {
            var database = (await connection.GetAsync().ConfigureAwait(false)).GetDatabase();
            var values = await database.StringGetAsync(keys.Select(k => (RedisKey)k).ToArray()).ConfigureAwait(false);
            for (var i = 0; i < values.Length; i++)
            {
                if (values[i].HasValue)
                {
                    entries[i] = CacheEnvelope.Decode((ReadOnlyMemory<byte>)values[i]);
                }
            }
            connection.Succeeded();
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException)
        {
            Fail(ex);
        }
        return entries;
    }

    public async Task SetManyAsync(IReadOnlyList<CacheWrite> writes, CancellationToken cancellationToken)
    {
        if (writes.Count == 0)
        {
            return;
        }
        try
        {
            var database = (await connection.GetAsync().ConfigureAwait(false)).GetDatabase();
            var now = time.GetUtcNow();
            var batch = database.CreateBatch();
            var pending = new List<Task>(writes.Count * 2);
            foreach (var write in writes)
            {
                var lifetime = write.Ttl + write.Grace;
                pending.Add(batch.StringSetAsync(write.Key, CacheEnvelope.Encode(write.Payload.Span, now, now + write.Ttl), lifetime));
                if (write.Tag is not null)
                {
                    pending.Add(batch.SetAddAsync(write.Tag, write.Key));
                    // The tag outlives its members; a member gone first is a harmless extra delete later.
                    pending.Add(batch.KeyExpireAsync(write.Tag, lifetime));
                }
            }
            batch.Execute();
            await Task.WhenAll(pending).ConfigureAwait(false);
            connection.Succeeded();
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException)
        {
            Fail(ex);
        }
    }

    public Task InvalidateAsync(IReadOnlyList<string> keys, IReadOnlyList<string> tags, CancellationToken cancellationToken) =>
        InvalidateEntriesAsync(keys, tags);

    /// <summary>
    /// Removes <paramref name="keys"/> and the members of <paramref name="tags"/>; returns the entry keys removed
    /// (tag members included), so instance-local copies can be evicted too. Empty when Redis could not be reached.
    /// </summary>
    public async Task<IReadOnlyList<string>> InvalidateEntriesAsync(IReadOnlyList<string> keys, IReadOnlyList<string> tags)
    {
        try
        {
            var database = (await connection.GetAsync().ConfigureAwait(false)).GetDatabase();
            var entries = new List<string>(keys);
            foreach (var tag in tags)
            {
                entries.AddRange((await database.SetMembersAsync(tag).ConfigureAwait(false)).Select(m => m.ToString()));
            }
            RedisKey[] doomed = [.. entries.Select(k => (RedisKey)k), .. tags.Select(t => (RedisKey)t)];
            if (doomed.Length > 0)
            {
                await database.KeyDeleteAsync(doomed).ConfigureAwait(false);
            }
            connection.Succeeded();
            return entries;
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException)
        {
            // An invalidation that could not reach Redis leaves entries to expire by their TTL.
            Fail(ex);
            return [];
        }
    }

    private void Fail(Exception exception)
    {
        counters.Error(Store);
        connection.Failed(exception);
    }
}
