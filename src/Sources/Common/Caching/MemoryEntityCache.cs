using System.Collections.Concurrent;

namespace Gateway.Sources.Common.Caching;

/// <summary>
/// The in-process cache used when no Redis is configured: the same semantics (freshness, grace, tags) for one
/// instance. Bounded: beyond <see cref="MaxEntries"/> expired entries are swept, then the oldest writes dropped.
/// </summary>
public sealed class MemoryEntityCache(TimeProvider time) : IEntityCache
{
    public const int MaxEntries = 200_000;
    // Entries are kept decoded (the envelope's header read once, at the write): a hit allocates nothing.
    private readonly ConcurrentDictionary<string, (CacheEntry Entry, DateTimeOffset ExpiresAt)> _entries = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, byte>> _tags = new(StringComparer.Ordinal);

    public Task<CacheEntry?[]> GetManyAsync(IReadOnlyList<string> keys, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var entries = new CacheEntry?[keys.Count];
        for (var i = 0; i < keys.Count; i++)
        {
            if (_entries.TryGetValue(keys[i], out var stored))
            {
                if (stored.ExpiresAt > now)
                {
                    entries[i] = stored.Entry;
                }
                else
                {
                    _entries.TryRemove(new KeyValuePair<string, (CacheEntry, DateTimeOffset)>(keys[i], stored));
                }
            }
        }
        return Task.FromResult(entries);
    }

    public Task SetManyAsync(IReadOnlyList<CacheWrite> writes, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_entries.Count + writes.Count > MaxEntries)
        {
            Sweep(now);
        }
        foreach (var write in writes)
        {
            _entries[write.Key] = (CacheEnvelope.Decode(CacheEnvelope.Encode(write.Payload.Span, now, now + write.Ttl))! with { Retained = true }, now + write.Ttl + write.Grace);
            if (write.Tag is not null)
            {
                _tags.GetOrAdd(write.Tag, _ => new(StringComparer.Ordinal))[write.Key] = 0;
            }
        }
        return Task.CompletedTask;
    }

    public Task InvalidateAsync(IReadOnlyList<string> keys, IReadOnlyList<string> tags, CancellationToken cancellationToken)
    {
        foreach (var key in keys)
        {
            _entries.TryRemove(key, out _);
        }
        foreach (var tag in tags)
        {
            if (_tags.TryRemove(tag, out var members))
            {
                foreach (var key in members.Keys)
                {
                    _entries.TryRemove(key, out _);
                }
            }
        }
        return Task.CompletedTask;
    }

    private void Sweep(DateTimeOffset now)
    {
        foreach (var (key, stored) in _entries)
        {
            if (stored.ExpiresAt <= now)
            {
                _entries.TryRemove(key, out _);
            }
        }
        var excess = _entries.Count - MaxEntries / 2;
        if (excess > 0)
        {
            foreach (var key in _entries.OrderBy(e => e.Value.ExpiresAt).Take(excess).Select(e => e.Key).ToList())
            {
                _entries.TryRemove(key, out _);
            }
        }
    }
}
