using System.Collections.Concurrent;

namespace DemoUpstreams.Control;

/// <summary>Request counts per upstream and per route since the last reset; exact, for tests and benchmarks.</summary>
public sealed class DemoStats
{
    private readonly ConcurrentDictionary<string, long> _upstreams = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _routes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _items = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, ConcurrentDictionary<string, byte>>> _headers = new(StringComparer.Ordinal);
    private const int ValuesPerHeader = 10;

    public void Count(string upstream, string route)
    {
        _upstreams.AddOrUpdate(upstream, 1, (_, n) => n + 1);
        _routes.AddOrUpdate(route, 1, (_, n) => n + 1);
    }

    /// <summary>Counts the items a batch operation was asked for (ids, addresses, points).</summary>
    public void CountItems(string operation, int items) => _items.AddOrUpdate(operation, items, (_, n) => n + items);

    /// <summary>
    /// Records the request headers an upstream received (names lowercased, the first few distinct values each), so
    /// tests can check what the gateway forwards.
    /// </summary>
    public void RecordHeaders(string upstream, IHeaderDictionary headers)
    {
        var received = _headers.GetOrAdd(upstream, _ => new(StringComparer.Ordinal));
        foreach (var (name, values) in headers)
        {
            var distinct = received.GetOrAdd(name.ToLowerInvariant(), _ => new(StringComparer.Ordinal));
            foreach (var value in values)
            {
                if (value is not null && distinct.Count < ValuesPerHeader)
                {
                    distinct.TryAdd(value, 0);
                }
            }
        }
    }

    public void Reset()
    {
        _headers.Clear();
        _upstreams.Clear();
        _routes.Clear();
        _items.Clear();
    }

    /// <summary>The <c>/_demo/stats</c> document: one count per upstream at the top level, route detail under <c>routes</c>.</summary>
    public Dictionary<string, object> Snapshot()
    {
        var snapshot = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var upstream in Upstreams.All)
        {
            snapshot[upstream] = _upstreams.GetValueOrDefault(upstream);
        }
        snapshot["routes"] = new SortedDictionary<string, long>(_routes, StringComparer.Ordinal);
        snapshot["items"] = new SortedDictionary<string, long>(_items, StringComparer.Ordinal);
        snapshot["headers"] = _headers.ToDictionary(
            upstream => upstream.Key,
            upstream => new SortedDictionary<string, string[]>(
                upstream.Value.ToDictionary(header => header.Key, header => header.Value.Keys.Order(StringComparer.Ordinal).ToArray()),
                StringComparer.Ordinal));
        return snapshot;
    }
}
