using Gateway.Sources.Common.Caching;

namespace Gateway.Security.PersistedOperations;

/// <summary>Documents in Redis under <c>gw:v1:pq:&lt;hash&gt;</c>, shared by every instance.</summary>
public sealed class RedisPersistedDocumentStore(RedisConnection connection) : IPersistedDocumentStore
{
    public static string Key(string hash) => $"{CacheKeys.Prefix}pq:{hash}";

    public async Task<string?> GetAsync(string hash, CancellationToken cancellationToken)
    {
        var database = (await connection.GetAsync().ConfigureAwait(false)).GetDatabase();
        var value = await database.StringGetAsync(Key(hash)).ConfigureAwait(false);
        return value.HasValue ? value.ToString() : null;
    }

    public async Task SetAsync(string hash, string document, TimeSpan ttl, CancellationToken cancellationToken)
    {
        var database = (await connection.GetAsync().ConfigureAwait(false)).GetDatabase();
        await database.StringSetAsync(Key(hash), document, ttl).ConfigureAwait(false);
    }
}
