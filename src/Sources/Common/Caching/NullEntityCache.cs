namespace Gateway.Sources.Common.Caching;

/// <summary>No cache at all (<c>Gateway:Cache:Enabled=false</c>): for measuring what the cache is worth.</summary>
public sealed class NullEntityCache : IEntityCache
{
    public Task<CacheEntry?[]> GetManyAsync(IReadOnlyList<string> keys, CancellationToken cancellationToken) =>
        Task.FromResult(new CacheEntry?[keys.Count]);

    public Task SetManyAsync(IReadOnlyList<CacheWrite> writes, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task InvalidateAsync(IReadOnlyList<string> keys, IReadOnlyList<string> tags, CancellationToken cancellationToken) =>
        Task.CompletedTask;
}
