using System.Diagnostics;

namespace Gateway.Testing;

/// <summary>
/// A real Redis Cluster on loopback: <c>redis-server --cluster-enabled yes</c> nodes joined by
/// <c>redis-cli --cluster create</c>, ready once every node reports <c>cluster_state:ok</c> and every replica has
/// synced with its master.
/// </summary>
public sealed class RedisCluster : IAsyncDisposable
{
    private readonly string _directory;

    private RedisCluster(string directory, IReadOnlyList<RedisServer> nodes)
    {
        _directory = directory;
        Nodes = nodes;
    }

    public IReadOnlyList<RedisServer> Nodes { get; }

    /// <summary>The nodes that were masters when the cluster was created (a replica may take over one of them after a failover).</summary>
    public IReadOnlyList<RedisServer> Masters { get; private set; } = [];

    /// <summary>Every node, as the gateway's <c>ConnectionStrings:Redis</c> would list them.</summary>
    public string ConnectionString => string.Join(',', Nodes.Select(node => node.ConnectionString));

    public static async Task<RedisCluster> StartAsync(int masters = 3, int replicasPerMaster = 0)
    {
        var directory = Directory.CreateTempSubdirectory("redis-cluster-").FullName;
        var nodes = await Task.WhenAll(Enumerable.Range(0, masters * (1 + replicasPerMaster))
            .Select(_ => RedisServer.StartClusterNodeAsync(directory)));
        var cluster = new RedisCluster(directory, nodes);
        await RedisCliAsync(["--cluster", "create", .. nodes.Select(n => n.ConnectionString), "--cluster-replicas", replicasPerMaster.ToString(), "--cluster-yes"]);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        foreach (var node in nodes)
        {
            // Ready: the node sees the whole cluster, and a replica has its master's data (else it could not fail over).
            while (!(await RedisCliAsync(["-p", node.Port.ToString(), "cluster", "info"])).Contains("cluster_state:ok", StringComparison.Ordinal)
                || (await RedisCliAsync(["-p", node.Port.ToString(), "info", "replication"])) is var replication
                    && replication.Contains("role:slave", StringComparison.Ordinal)
                    && !replication.Contains("master_link_status:up", StringComparison.Ordinal))
            {
                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException($"The Redis Cluster on ports {string.Join(", ", nodes.Select(n => n.Port))} did not become ready.");
                }
                await Task.Delay(100);
            }
        }
        var roles = await RedisCliAsync(["-p", nodes[0].Port.ToString(), "cluster", "nodes"]);
        cluster.Masters = [.. nodes.Where(node => roles.Split('\n').Any(line =>
            line.Contains($"127.0.0.1:{node.Port}@", StringComparison.Ordinal) && line.Contains("master", StringComparison.Ordinal)))];
        return cluster;
    }

    /// <summary>Runs <c>redis-cli</c> against 127.0.0.1 and returns what it printed.</summary>
    public static async Task<string> RedisCliAsync(IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo("redis-cli") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-h");
        start.ArgumentList.Add("127.0.0.1");
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException("redis-cli did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"redis-cli {string.Join(' ', start.ArgumentList)} failed: {await errors}");
        }
        return await output;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in Nodes)
        {
            await node.DisposeAsync();
        }
        Directory.Delete(_directory, recursive: true);
    }
}
