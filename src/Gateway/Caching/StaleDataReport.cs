using System.Collections.Concurrent;
using Gateway.Sources.Common.Caching;

namespace Gateway.Caching;

/// <summary>The paths of one request that were answered from stale cache entries.</summary>
public sealed class StaleDataReport
{
    public ConcurrentQueue<(IReadOnlyList<object> Path, StaleInfo Info)> Entries { get; } = new();
}
