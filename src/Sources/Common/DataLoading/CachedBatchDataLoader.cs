using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Gateway.Sources.Common.Caching;
using Gateway.Sources.Common.Telemetry;
using Gateway.Sources.Common.Errors;
using Gateway.Sources.Common.Resilience;

namespace Gateway.Sources.Common.DataLoading;

/// <summary>
/// A <see cref="BatchDataLoader{TKey,TValue}"/> with a shared cache in front of the upstream. A batch is read from the
/// cache in one round trip; only the keys that are not fresh go to the upstream, in one batched call, while other
/// requests of this instance asking for the same keys wait for that call; the answers are written back pipelined.
/// When the upstream fails, a stale entry still within its grace period is served and marked (RFC 5861
/// stale-if-error).
/// </summary>
public abstract class CachedBatchDataLoader<TKey, TValue>(EntityCacheServices cache, DataLoaderScope scope)
    : BatchDataLoader<TKey, TValue>(scope)
    where TKey : notnull
    where TValue : class
{
    /// <summary>Name of the cached entity within the source, as in <c>Sources:&lt;Source&gt;:Cache:&lt;Entity&gt;</c>.</summary>
    protected abstract string EntityName { get; }

    protected abstract JsonTypeInfo<TValue> TypeInfo { get; }

    /// <summary>The key's part of the cache key.</summary>
    protected virtual string CacheKeyOf(TKey key) => key.ToString()!;

    /// <summary>The tag an entry is filed under for group invalidation, if any.</summary>
    protected virtual string? TagOf(TKey key) => null;

    /// <summary>
    /// Where this loader's entry names are remembered between requests; none by default. A loader whose names depend
    /// only on the key (and on what lives as long as the memo) gives one, so a name is made once, not per request.
    /// </summary>
    protected virtual CacheKeyMemo<TKey>? CacheKeyNames => null;

    protected string CacheKey(TKey key) => CacheKeyNames is { } names
        ? names.GetOrAdd(key, static (key, loader) => loader.MakeCacheKey(key), this)
        : MakeCacheKey(key);

    private string MakeCacheKey(TKey key) => CacheKeys.Entity(SourceName, EntityName, CacheKeyOf(key));

    protected override async Task<IReadOnlyDictionary<TKey, LoadResult<TValue>>> FetchBatchAsync(
        IReadOnlyList<TKey> keys, CancellationToken cancellationToken)
    {
        var policy = cache.Policy(SourceName, EntityName);
        if (!policy.Enabled)
        {
            ResponseFreshness.Uncached();
            return await base.FetchBatchAsync(keys, cancellationToken).ConfigureAwait(false);
        }
        // The calls below fetch entities whose freshness is their TTL, which the answer's freshness accounts for.
        ResponseFreshness.EnterCachedFetch();

        // Each key's entry name is worked out once per batch (single-flight, reads and writes all use it), by position.
        var names = new string[keys.Count];
        for (var i = 0; i < keys.Count; i++)
        {
            names[i] = CacheKey(keys[i]);
        }
        // Without a store (Gateway:Cache:Enabled=false) there is nothing to read or write; single-flight still holds.
        var stored = cache.Cache is not NullEntityCache;
        var entries = stored
            ? await cache.Cache.GetManyAsync(names, cancellationToken).ConfigureAwait(false)
            : new CacheEntry?[keys.Count];
        var now = cache.Time.GetUtcNow();
        var freshness = ResponseFreshness.Following;
        var results = new Dictionary<TKey, LoadResult<TValue>>(keys.Count);
        // What a warm batch never needs is made at its first miss.
        Dictionary<TKey, (TValue Value, TimeSpan Age)>? stale = null;
        List<TKey>? misses = null;
        Dictionary<TKey, string>? missNames = null;
        for (var i = 0; i < keys.Count; i++)
        {
            var value = entries[i] is { } entry ? Deserialize(entry, names[i]) : null;
            if (value is not null && now <= entries[i]!.FreshUntil)
            {
                results[keys[i]] = LoadResult<TValue>.Found(value);
                freshness?.Entity(entries[i]!.FreshUntil - now);
                continue;
            }
            if (value is not null)
            {
                (stale ??= [])[keys[i]] = (value, now - entries[i]!.StoredAt);
            }
            (misses ??= []).Add(keys[i]);
            (missNames ??= [])[keys[i]] = names[i];
        }
        cache.Counters.Hit(SourceName, results.Count);
        cache.Counters.Miss(SourceName, misses?.Count ?? 0);
        // The current activity is this batch's span (BatchDataLoader starts it around FetchBatchAsync).
        System.Diagnostics.Activity.Current?.SetTag("gateway.cache.hits", results.Count);
        System.Diagnostics.Activity.Current?.SetTag("gateway.cache.misses", misses?.Count ?? 0);
        RequestTrace.CurrentBatchOf?.Cache(results.Count, misses?.Count ?? 0);
        if (misses is null)
        {
            return results;
        }

        var fetched = await FetchOnceAsync(misses, missNames!, cancellationToken).ConfigureAwait(false);
        var writes = new List<CacheWrite>();
        var staleServes = 0;
        foreach (var key in misses)
        {
            var result = fetched.TryGetValue(key, out var found) ? found : default;
            if (result.Error is null && result.Value is not null)
            {
                freshness?.Entity(policy.Ttl);
            }
            if (result.Error is null && result.Value is not null && stored)
            {
                writes.Add(new CacheWrite(missNames![key], JsonSerializer.SerializeToUtf8Bytes(result.Value, TypeInfo), policy.Ttl, policy.Grace, TagOf(key)));
            }
            else if (result.Error is UpstreamError or UpstreamTimeoutError or UpstreamUnavailableError && stale?.TryGetValue(key, out var old) == true)
            {
                ResponseFreshness.StaleServed();
                result = LoadResult<TValue>.ServedStale(old.Value, new StaleInfo(SourceName, old.Age));
                staleServes++;
            }
            results[key] = result;
        }
        cache.Counters.StaleServe(SourceName, staleServes);
        System.Diagnostics.Activity.Current?.SetTag("gateway.cache.stale_serves", staleServes);
        RequestTrace.CurrentBatchOf?.Stale(staleServes);
        if (writes.Count > 0)
        {
            await cache.Cache.SetManyAsync(writes, cancellationToken).ConfigureAwait(false);
        }
        return results;
    }

    /// <summary>Fetches the keys no other request of this instance is already fetching, and waits for the rest.</summary>
    private async Task<Dictionary<TKey, LoadResult<TValue>>> FetchOnceAsync(
        List<TKey> keys, Dictionary<TKey, string> cacheKeys, CancellationToken cancellationToken)
    {
        var mine = new List<TKey>();
        var claims = new Dictionary<TKey, TaskCompletionSource<LoadResult<TValue>>>();
        var others = new Dictionary<TKey, Task<LoadResult<TValue>>>();
        foreach (var key in keys)
        {
            if (cache.SingleFlight.TryClaim<LoadResult<TValue>>(cacheKeys[key], out var claim, out var running))
            {
                mine.Add(key);
                claims[key] = claim;
            }
            else
            {
                others[key] = running;
            }
        }

        RequestTrace.CurrentBatchOf?.Shared(others.Count);
        var results = new Dictionary<TKey, LoadResult<TValue>>(keys.Count);
        if (mine.Count > 0)
        {
            try
            {
                var fetched = await base.FetchBatchAsync(mine, cancellationToken).ConfigureAwait(false);
                foreach (var key in mine)
                {
                    results[key] = fetched.TryGetValue(key, out var result) ? result : default;
                    claims[key].TrySetResult(results[key]);
                }
            }
            catch (Exception ex)
            {
                foreach (var claim in claims.Values)
                {
                    claim.TrySetException(ex);
                }
                throw;
            }
            finally
            {
                foreach (var (key, claim) in claims)
                {
                    cache.SingleFlight.Release(cacheKeys[key], claim.Task);
                }
            }
        }

        foreach (var (key, running) in others)
        {
            try
            {
                results[key] = await running.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // The request that owned the fetch went away; fetch for ourselves.
                var own = await base.FetchBatchAsync([key], cancellationToken).ConfigureAwait(false);
                results[key] = own.TryGetValue(key, out var result) ? result : default;
            }
        }
        return results;
    }

    /// <summary>
    /// Values decoded from entries held in this process's memory (the memory cache, Redis's local copies), by the
    /// entry's bytes: an entry is decoded once, not once per request, and its value lives as long as the entry does.
    /// Values are shared between requests, so they are never changed after decoding (the declarative items are
    /// read-only trees; the hand-written contracts are records). Entries read from Redis are new bytes every time.
    /// </summary>
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<byte[], object> Decoded = new();

    /// <summary>
    /// Values decoded from entries read from Redis, by entry name, with the digest of the bytes they were decoded from.
    /// Redis is still read every time, and a value is reused only when the bytes just read are the same bytes
    /// (XxHash128 and length), so an entry changed or removed by any instance is seen at once, as without it; what it
    /// saves is decoding the same bytes again for every request. Bounded per entity type: past its capacity it starts
    /// over.
    /// </summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, (UInt128 Digest, int Length, TValue Value)> DecodedByName =
        new(StringComparer.Ordinal);

    private const int DecodedByNameCapacity = 4096;

    private TValue? Deserialize(CacheEntry entry, string name)
    {
        var payload = entry.Payload;
        var held = entry.Retained && System.Runtime.InteropServices.MemoryMarshal.TryGetArray(payload, out var segment) ? segment.Array : null;
        if (held is not null && Decoded.TryGetValue(held, out var known) && known is TValue shared)
        {
            return shared;
        }
        var digest = held is null ? System.IO.Hashing.XxHash128.HashToUInt128(payload.Span) : default;
        if (held is null && DecodedByName.TryGetValue(name, out var same) && same.Length == payload.Length && same.Digest == digest)
        {
            return same.Value;
        }
        try
        {
            var value = JsonSerializer.Deserialize(payload.Span, TypeInfo);
            if (value is not null && held is not null)
            {
                Decoded.AddOrUpdate(held, value);
            }
            else if (value is not null)
            {
                if (DecodedByName.Count >= DecodedByNameCapacity)
                {
                    DecodedByName.Clear();
                }
                DecodedByName[name] = (digest, payload.Length, value);
            }
            return value;
        }
        catch (JsonException)
        {
            // An unreadable entry is a miss; the fresh answer overwrites it.
            return null;
        }
    }
}
