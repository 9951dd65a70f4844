using System.Collections.Concurrent;

namespace Gateway.Sources.Common.Events;

/// <summary>Coordination for a single instance.</summary>
public sealed class MemoryCoordinationStore(TimeProvider time) : ICoordinationStore
{
    private readonly ConcurrentDictionary<string, (string Value, DateTimeOffset ExpiresAt)> _entries = new(StringComparer.Ordinal);

    public Task<bool> TryAcquireAsync(string key, TimeSpan ttl, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        while (true)
        {
            if (_entries.TryGetValue(key, out var existing))
            {
                if (existing.ExpiresAt > now)
                {
                    return Task.FromResult(false);
                }
                if (!_entries.TryUpdate(key, ("1", now + ttl), existing))
                {
                    continue;
                }
                return Task.FromResult(true);
            }
            if (_entries.TryAdd(key, ("1", now + ttl)))
            {
                Sweep(now);
                return Task.FromResult(true);
            }
        }
    }

    public Task ReleaseAsync(string key, CancellationToken cancellationToken)
    {
        _entries.TryRemove(key, out _);
        return Task.CompletedTask;
    }

    public Task<string?> SwapAsync(string key, string value, TimeSpan ttl, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        string? previous = null;
        _entries.AddOrUpdate(key, _ => (value, now + ttl), (_, old) =>
        {
            previous = old.ExpiresAt > now ? old.Value : null;
            return (value, now + ttl);
        });
        return Task.FromResult(previous);
    }

    private void Sweep(DateTimeOffset now)
    {
        if (_entries.Count < 10_000)
        {
            return;
        }
        foreach (var (key, entry) in _entries)
        {
            if (entry.ExpiresAt <= now)
            {
                _entries.TryRemove(key, out _);
            }
        }
    }
}
