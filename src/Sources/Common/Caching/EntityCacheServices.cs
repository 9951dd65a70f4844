using Microsoft.Extensions.Options;

namespace Gateway.Sources.Common.Caching;

/// <summary>What a caching DataLoader needs, in one service so loaders keep short constructors.</summary>
public sealed class EntityCacheServices(
    IEntityCache cache,
    CacheCounters counters,
    SingleFlight singleFlight,
    IOptionsMonitor<CachePolicy> policies,
    TimeProvider time)
{
    public IEntityCache Cache { get; } = cache;

    public CacheCounters Counters { get; } = counters;

    public SingleFlight SingleFlight { get; } = singleFlight;

    public TimeProvider Time { get; } = time;

    public CachePolicy Policy(string source, string entity) => policies.Get(CachePolicy.Name(source, entity));
}
