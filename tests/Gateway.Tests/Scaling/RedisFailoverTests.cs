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
        using var stop = new CancellationTokenSource();
        var responses = new System.Collections.Concurrent.ConcurrentBag<GraphQLResponse>();
        var load = Task.WhenAll(Enumerable.Range(0, 4).Select(worker => Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var first = 801 + (worker * 37 + i * 7) % 100;
                var ids = string.Join(", ", Enumerable.Range(first, 10).Select(id => $"\"{id}\""));
                responses.Add(await fixture.Client.GraphQLAsync($"{{ customers(ids: [{ids}]) {{ name address {{ location {{ lat }} }} }} }}"));
            }
        })));
        await Eventually.WaitUntil(() => responses.Count >= 20);

        await fixture.Cluster.Masters[0].StopAsync();
        var survivor = fixture.Cluster.Masters[1];
        await Eventually.WaitUntilAsync(async () => await ClusterStateAsync(survivor) == "ok" && await ReplicaPromotedAsync(survivor), seconds: 30);
        var duringOutage = responses.Count;
        await Eventually.WaitUntil(() => responses.Count >= duringOutage + 20);
        await stop.CancelAsync();
        await load;

        Assert.All(responses, r => Assert.False(r.HasErrors, string.Join("; ", r.Errors)));
        // Caching resumes with the cluster's new master: a repeated query makes no upstream request.
        const string again = "{ customers(ids: [\"951\", \"952\", \"953\", \"954\", \"955\", \"956\", \"957\", \"958\"]) { name } }";
        await Eventually.WaitUntilAsync(() => HitsAfterOneFetchAsync(again), seconds: 30);
    }

    /// <summary>Asks twice; true when the second answer came from the cache alone.</summary>
    private async Task<bool> HitsAfterOneFetchAsync(string query)
    {
        await fixture.Client.GraphQLAsync(query);
        await fixture.Demo.ResetAsync();
        await fixture.Client.GraphQLAsync(query);
        return (await fixture.Demo.StatsAsync()).Total == 0;
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
