namespace Gateway.Sources.Common.Caching;

/// <summary>
/// Where upstream entities are cached: Redis when <c>ConnectionStrings:Redis</c> is set, memory otherwise.
/// Implementations never throw for an unavailable store: a failed read is a miss, a failed write is skipped.
/// </summary>
public interface IEntityCache
{
    /// <summary>Reads many keys in one round trip; a missing or expired key is null at its position.</summary>
    Task<CacheEntry?[]> GetManyAsync(IReadOnlyList<string> keys, CancellationToken cancellationToken);

    /// <summary>Writes many entries in one round trip (pipelined).</summary>
    Task SetManyAsync(IReadOnlyList<CacheWrite> writes, CancellationToken cancellationToken);

    /// <summary>Removes <paramref name="keys"/> and every entry written with one of <paramref name="tags"/>.</summary>
    Task InvalidateAsync(IReadOnlyList<string> keys, IReadOnlyList<string> tags, CancellationToken cancellationToken);
}

/// <summary>A cached value with its age: fresh until <see cref="FreshUntil"/>, then stale until it is evicted.</summary>
public sealed record CacheEntry(ReadOnlyMemory<byte> Payload, DateTimeOffset StoredAt, DateTimeOffset FreshUntil)
{
    /// <summary>
    /// Whether the payload's bytes are held by this process for as long as the entry lives (the memory cache, local
    /// copies), so a value decoded from them may be remembered by them; bytes read from Redis are new on every read.
    /// </summary>
    public bool Retained { get; init; }
}

/// <summary>
/// One entry to store: kept for <see cref="Ttl"/> plus <see cref="Grace"/> (stale-if-error, RFC 5861), and listed
/// under <see cref="Tag"/> when given, so a group can be invalidated at once.
/// </summary>
public sealed record CacheWrite(string Key, ReadOnlyMemory<byte> Payload, TimeSpan Ttl, TimeSpan Grace, string? Tag = null);
