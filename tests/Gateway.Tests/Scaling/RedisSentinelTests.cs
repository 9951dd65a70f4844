using Gateway.Testing;
using Gateway.Tests.Caching;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Scaling;

/// <summary>A caching gateway on a primary with a replica behind a Redis Sentinel, named only by the Sentinel.</summary>
public sealed class RedisSentinelFixture : MemoryCacheFixture
{
    public const string ServiceName = "gateway";
    private readonly string _directory = Directory.CreateTempSubdirectory("redis-sentinel-").FullName;

    public RedisServer Primary { get; private set; } = null!;

    public RedisServer Replica { get; private set; } = null!;

    public RedisServer Sentinel { get; private set; } = null!;

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
    {
        ["ConnectionStrings:Redis"] = $"{Sentinel.ConnectionString},serviceName={ServiceName}",
        ["Gateway:Cache:LocalTtl"] = "00:00:00",
    };

    protected override async Task BeforeStartAsync()
    {
        Primary = await RedisServer.StartAsync();
        Replica = await RedisServer.StartReplicaAsync(Primary);
        await Eventually.WaitUntilAsync(async () =>
            (await RedisCluster.RedisCliAsync(["-p", Replica.Port.ToString(), "info", "replication"])).Contains("master_link_status:up", StringComparison.Ordinal));
        Sentinel = await RedisServer.StartSentinelAsync(Primary, ServiceName, _directory);
        // The Sentinel has found the replica, so it can promote it.
        await Eventually.WaitUntilAsync(async () =>
            (await RedisCluster.RedisCliAsync(["-p", Sentinel.Port.ToString(), "sentinel", "replicas", ServiceName])).Contains(Replica.Port.ToString(), StringComparison.Ordinal));
    }

    protected override async Task AfterStopAsync()
    {
        await Sentinel.DisposeAsync();
        await Replica.DisposeAsync();
        await Primary.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}

public sealed class RedisSentinelTests(RedisSentinelFixture fixture) : IClassFixture<RedisSentinelFixture>
{
    [Fact]
    public async Task Killing_the_primary_under_load_fails_no_request_and_caching_resumes_on_the_promoted_replica()
    {
        Assert.True(await QueryLoad.HitsAfterOneFetchAsync(fixture, "{ customers(ids: [\"941\", \"942\"]) { name } }"));
        var load = new QueryLoad(fixture.Client, first: 701);
        await load.WaitForAsync(20);

        await fixture.Primary.StopAsync();
        await Eventually.WaitUntilAsync(async () =>
            (await RedisCluster.RedisCliAsync(["-p", fixture.Sentinel.Port.ToString(), "sentinel", "get-master-addr-by-name", RedisSentinelFixture.ServiceName]))
            .Contains(fixture.Replica.Port.ToString(), StringComparison.Ordinal), seconds: 30);
        await load.WaitForAsync(20);
        await load.DisposeAsync();

        Assert.All(load.Responses, r => Assert.False(r.HasErrors, string.Join("; ", r.Errors)));
        await Eventually.WaitUntilAsync(() => QueryLoad.HitsAfterOneFetchAsync(fixture,
            "{ customers(ids: [\"961\", \"962\", \"963\"]) { name } }"), seconds: 30);
    }
}
