using Gateway.Sources.Common.Caching;
using StackExchange.Redis;

namespace Gateway.Sources.Common.Events;

/// <summary>Coordination across instances through Redis; failures surface to the caller, who decides.</summary>
public sealed class RedisCoordinationStore(RedisConnection connection) : ICoordinationStore
{
    public async Task<bool> TryAcquireAsync(string key, TimeSpan ttl, CancellationToken cancellationToken)
    {
        var database = (await connection.GetAsync().ConfigureAwait(false)).GetDatabase();
        return await database.StringSetAsync(key, "1", ttl, When.NotExists).ConfigureAwait(false);
    }

    public async Task ReleaseAsync(string key, CancellationToken cancellationToken)
    {
        var database = (await connection.GetAsync().ConfigureAwait(false)).GetDatabase();
        await database.KeyDeleteAsync(key).ConfigureAwait(false);
    }

    public async Task<string?> SwapAsync(string key, string value, TimeSpan ttl, CancellationToken cancellationToken)
    {
        var database = (await connection.GetAsync().ConfigureAwait(false)).GetDatabase();
        var previous = await database.StringSetAndGetAsync(key, value, (TimeSpan?)ttl, When.Always, CommandFlags.None).ConfigureAwait(false);
        return previous.HasValue ? previous.ToString() : null;
    }
}
