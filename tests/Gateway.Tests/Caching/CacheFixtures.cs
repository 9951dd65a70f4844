using Gateway.Testing;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Caching;

/// <summary>A gateway with caching on; current weather expires after 3 s so expiry can be observed.</summary>
public class MemoryCacheFixture : GatewayFixture
{
    public const double WeatherTtlSeconds = 3;

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Gateway:Cache:Enabled"] = "true",
        ["Sources:Weather:Cache:current:Ttl"] = TimeSpan.FromSeconds(WeatherTtlSeconds).ToString(),
        ["Sources:Weather:Cache:current:Grace"] = "01:00:00",
    };
}

/// <summary>The same, with a real redis-server as the shared cache.</summary>
public sealed class RedisCacheFixture : MemoryCacheFixture
{
    protected override bool UsesRedis => true;
}

/// <summary>
/// The same against a three-master Redis Cluster, with the instance-local tier off so every read really goes to the
/// cluster (and a batch's keys to the shards that own their slots).
/// </summary>
public sealed class RedisClusterCacheFixture : MemoryCacheFixture
{
    public RedisCluster Cluster { get; private set; } = null!;

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
    {
        ["ConnectionStrings:Redis"] = Cluster.ConnectionString,
        ["Gateway:Cache:LocalTtl"] = "00:00:00",
    };

    protected override async Task BeforeStartAsync() => Cluster = await RedisCluster.StartAsync(masters: 3);

    protected override async Task AfterStopAsync() => await Cluster.DisposeAsync();
}
