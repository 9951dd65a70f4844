using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Gateway.Sources.Common.Caching;

/// <summary>
/// The one multiplexer of this instance, shared by the cache and the event bus. It connects in the background and
/// reconnects by itself; commands fail fast while it is disconnected (no backlog), so a Redis outage costs
/// requests a few milliseconds, not a timeout each.
/// </summary>
public sealed class RedisConnection : IAsyncDisposable
{
    private readonly Lazy<Task<IConnectionMultiplexer>> _multiplexer;
    private readonly ILogger<RedisConnection> _logger;
    private int _outage;

    public RedisConnection(string connectionString, ILogger<RedisConnection> logger)
        : this(async () => await ConnectionMultiplexer.ConnectAsync(Options(connectionString)).ConfigureAwait(false), logger)
    {
    }

    /// <summary>A connection made by <paramref name="connect"/> (tests hand in a multiplexer of their own).</summary>
    public RedisConnection(Func<Task<IConnectionMultiplexer>> connect, ILogger<RedisConnection> logger)
    {
        _logger = logger;
        _multiplexer = new(async () =>
        {
            var multiplexer = await connect().ConfigureAwait(false);
            multiplexer.ConnectionRestored += (_, _) => Recovered();
            return multiplexer;
        });
    }

    private static ConfigurationOptions Options(string connectionString)
    {
        var options = ConfigurationOptions.Parse(connectionString);
        options.AbortOnConnectFail = false;
        options.BacklogPolicy = BacklogPolicy.FailFast;
        options.ConnectTimeout = Math.Min(options.ConnectTimeout, 2000);
        options.AsyncTimeout = Math.Min(options.AsyncTimeout, 1000);
        options.SyncTimeout = Math.Min(options.SyncTimeout, 1000);
        options.ReconnectRetryPolicy = new ExponentialRetry(250, 5000);
        return options;
    }

    public Task<IConnectionMultiplexer> GetAsync() => _multiplexer.Value;

    /// <summary>
    /// Whether the multiplexer talks to a Redis Cluster (rather than one server or a primary with replicas). The
    /// topology is learnt once, from the first servers seen connected, not on every batch read.
    /// </summary>
    public bool IsCluster(IConnectionMultiplexer multiplexer) =>
        Topology(multiplexer) is { } known ? known.Cluster : ClusterNow(multiplexer);

    /// <summary>
    /// The channel <paramref name="name"/> as this deployment uses it: sharded (SPUBLISH, Redis 7) on a cluster, so a
    /// message goes to the shard that owns the channel instead of being broadcast to every node; plain elsewhere.
    /// Decided once, with the topology, so publishers and subscribers never disagree.
    /// </summary>
    public RedisChannel Channel(IConnectionMultiplexer multiplexer, string name) =>
        Topology(multiplexer) is { Sharded: true } ? RedisChannel.Sharded(name) : RedisChannel.Literal(name);

    private RedisTopology? _topology;

    /// <summary>The topology, learnt on the first call that sees a connected server; null until then.</summary>
    private RedisTopology? Topology(IConnectionMultiplexer multiplexer)
    {
        if (Volatile.Read(ref _topology) is { } known)
        {
            return known;
        }
        var connected = multiplexer.GetServers().Where(server => server.IsConnected).ToList();
        if (connected.Count == 0)
        {
            return null;
        }
        var cluster = ClusterNow(multiplexer);
        var learnt = new RedisTopology(cluster, cluster && connected.All(server => server.Version >= new Version(7, 0)));
        // The first answer wins, so every caller sees the same decision.
        return Interlocked.CompareExchange(ref _topology, learnt, null) ?? learnt;
    }

    private sealed record RedisTopology(bool Cluster, bool Sharded);

    private static bool ClusterNow(IConnectionMultiplexer multiplexer)
    {
        foreach (var endpoint in multiplexer.GetEndPoints(configuredOnly: true))
        {
            if (multiplexer.GetServer(endpoint).ServerType == ServerType.Cluster)
            {
                return true;
            }
        }
        return false;
    }

    public bool IsConnected => _multiplexer.IsValueCreated && _multiplexer.Value.IsCompletedSuccessfully && _multiplexer.Value.Result.IsConnected;

    /// <summary>Records a failed command; only the first failure of an outage is logged.</summary>
    public void Failed(Exception exception)
    {
        if (Interlocked.Exchange(ref _outage, 1) == 0)
        {
            _logger.LogWarning("Redis is unavailable ({Reason}); serving from the upstreams until it returns.", exception.GetType().Name);
        }
    }

    /// <summary>Records a successful command, ending an outage.</summary>
    public void Succeeded()
    {
        if (Volatile.Read(ref _outage) == 1)
        {
            Recovered();
        }
    }

    private void Recovered()
    {
        if (Interlocked.Exchange(ref _outage, 0) == 1)
        {
            _logger.LogInformation("Redis is available again.");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_multiplexer.IsValueCreated && _multiplexer.Value.IsCompletedSuccessfully)
        {
            await _multiplexer.Value.Result.DisposeAsync().ConfigureAwait(false);
        }
    }
}
