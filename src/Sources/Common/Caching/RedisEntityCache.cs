using StackExchange.Redis;

namespace Gateway.Sources.Common.Caching;

/// <summary>
/// The shared cache: one MGET per batch read (on Redis Cluster one per hash slot, sent together, so a batch still
/// costs one round trip), one pipelined batch per write, tags as Redis sets. Every instance behind the load
/// balancer reads what any of them wrote. A Redis failure of any kind, the client's own command errors included,
/// is a miss or a skipped write, never a failed request.
/// </summary>
public sealed class RedisEntityCache(RedisConnection connection, CacheCounters counters, TimeProvider time) : IEntityCache
{
    private const string Store = "redis";

    public async Task<CacheEntry?[]> GetManyAsync(IReadOnlyList<string> keys, CancellationToken cancellationToken)
    {
        var entries = new CacheEntry?[keys.Count];
        try
        {
            var multiplexer = await connection.GetAsync().ConfigureAwait(false);
            var database = multiplexer.GetDatabase();
            foreach (var (positions, values) in await Task.WhenAll(BySlot(multiplexer, keys).Select(async positions =>
                (positions, await database.StringGetAsync([.. positions.Select(i => (RedisKey)keys[i])]).ConfigureAwait(false)))).ConfigureAwait(false))
            {
                for (var i = 0; i < positions.Count; i++)
                {
                    if (values[i].HasValue)
                    {
                        entries[positions[i]] = CacheEnvelope.Decode((ReadOnlyMemory<byte>)values[i]);
                    }
                }
            }
            connection.Succeeded();
        }
        catch (Exception ex) when (IsCacheFailure(ex, cancellationToken))
        {
            Array.Clear(entries);
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
        catch (Exception ex) when (IsCacheFailure(ex, cancellationToken))
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
            string[] doomed = [.. entries, .. tags];
            var multiplexer = await connection.GetAsync().ConfigureAwait(false);
            await Task.WhenAll(BySlot(multiplexer, doomed).Select(positions =>
                database.KeyDeleteAsync([.. positions.Select(i => (RedisKey)doomed[i])]))).ConfigureAwait(false);
            connection.Succeeded();
            return entries;
        }
        catch (Exception ex) when (IsCacheFailure(ex, CancellationToken.None))
        {
            // An invalidation that could not reach Redis leaves entries to expire by their TTL.
            Fail(ex);
            return [];
        }
    }

    /// <summary>
    /// The positions of <paramref name="keys"/> grouped so that each group may go into one multi-key command: all of
    /// them on a single server; one group per hash slot on a cluster, which refuses commands that span slots.
    /// Entries are not hash-tagged into one slot: that would put a source's whole cache on one shard.
    /// </summary>
    private IEnumerable<List<int>> BySlot(IConnectionMultiplexer multiplexer, IReadOnlyList<string> keys)
    {
        if (keys.Count == 0)
        {
            return [];
        }
        if (!connection.IsCluster(multiplexer))
        {
            return [[.. Enumerable.Range(0, keys.Count)]];
        }
        return Enumerable.Range(0, keys.Count).GroupBy(i => multiplexer.HashSlot(keys[i])).Select(group => group.ToList());
    }

    /// <summary>Anything Redis or its client throws is a cache failure; only the caller's own cancellation is passed on.</summary>
    internal static bool IsCacheFailure(Exception exception, CancellationToken cancellationToken) =>
        !(exception is OperationCanceledException && cancellationToken.IsCancellationRequested);

    private void Fail(Exception exception)
    {
        counters.Error(Store);
        connection.Failed(exception);
    }
}
