using Gateway.Testing;
using Gateway.Tests.Caching;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Scaling;

/// <summary>A caching gateway on a Redis Cluster of three masters with one replica each, local copies off.</summary>
public sealed class RedisFailoverFixture : MemoryCacheFixture
{
    public RedisCluster Cluster { get; private set; } = null!;

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
    {
        ["ConnectionStrings:Redis"] = Cluster.ConnectionString,
        ["Gateway:Cache:LocalTtl"] = "00:00:00",
    };

    protected override async Task BeforeStartAsync() => Cluster = await RedisCluster.StartAsync(masters: 3, replicasPerMaster: 1);

    protected override async Task AfterStopAsync() => await Cluster.DisposeAsync();
}

public sealed class RedisFailoverTests(RedisFailoverFixture fixture) : IClassFixture<RedisFailoverFixture>
{
    [Fact]
    public async Task Killing_a_master_under_load_fails_no_request_and_caching_resumes_on_the_promoted_replica()
    {
        var load = new QueryLoad(fixture.Client, first: 801);
        await load.WaitForAsync(20);

        await fixture.Cluster.Masters[0].StopAsync();
        var survivor = fixture.Cluster.Masters[1];
        await Eventually.WaitUntilAsync(async () => await ClusterStateAsync(survivor) == "ok" && await ReplicaPromotedAsync(survivor), seconds: 30);
        await load.WaitForAsync(20);
        await load.DisposeAsync();

        Assert.All(load.Responses, r => Assert.False(r.HasErrors, string.Join("; ", r.Errors)));
        // Caching resumes with the cluster's new master: a repeated query makes no upstream request.
        await Eventually.WaitUntilAsync(() => QueryLoad.HitsAfterOneFetchAsync(fixture,
            "{ customers(ids: [\"951\", \"952\", \"953\", \"954\", \"955\", \"956\", \"957\", \"958\"]) { name } }"), seconds: 30);
    }

    private static async Task<string> ClusterStateAsync(RedisServer node)
    {
        var info = await RedisCluster.RedisCliAsync(["-p", node.Port.ToString(), "cluster", "info"]);
        return info.Split('\n').Select(line => line.Trim()).FirstOrDefault(line => line.StartsWith("cluster_state:", StringComparison.Ordinal))?["cluster_state:".Length..] ?? "";
    }

    /// <summary>Whether three masters answer again: the killed one's replica has taken over its slots.</summary>
    private static async Task<bool> ReplicaPromotedAsync(RedisServer node)
    {
        var nodes = await RedisCluster.RedisCliAsync(["-p", node.Port.ToString(), "cluster", "nodes"]);
        return nodes.Split('\n').Count(line => line.Contains("master", StringComparison.Ordinal) && !line.Contains("fail", StringComparison.Ordinal)) == 3;
    }
}
