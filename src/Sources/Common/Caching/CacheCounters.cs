using System.Diagnostics.Metrics;

namespace Gateway.Sources.Common.Caching;

/// <summary>
/// Hits, misses, stale serves and store errors per source. Exposed as <c>System.Diagnostics.Metrics</c> counters
/// (meter <c>Gateway.Cache</c>) for exporters, and as totals for tests and diagnostics.
/// </summary>
public sealed class CacheCounters : IDisposable
{
    public const string MeterName = Telemetry.GatewayTelemetry.Name + ".Cache";
    private readonly Meter _meter = new(MeterName);
    private readonly Counter<long> _hits;
    private readonly Counter<long> _misses;
    private readonly Counter<long> _stale;
    private readonly Counter<long> _errors;
    private long _hitTotal, _missTotal, _staleTotal, _errorTotal;

    public CacheCounters()
    {
        _hits = _meter.CreateCounter<long>("gateway.cache.hits", description: "Entities served fresh from the cache.");
        _misses = _meter.CreateCounter<long>("gateway.cache.misses", description: "Entities not fresh in the cache, fetched from the upstream.");
        _stale = _meter.CreateCounter<long>("gateway.cache.stale_serves", description: "Stale entities served because the upstream failed.");
        _errors = _meter.CreateCounter<long>("gateway.cache.errors", description: "Cache store operations that failed.");
    }

    public long Hits => Interlocked.Read(ref _hitTotal);

    public long Misses => Interlocked.Read(ref _missTotal);

    public long StaleServes => Interlocked.Read(ref _staleTotal);

    public long Errors => Interlocked.Read(ref _errorTotal);

    public void Hit(string source, int count) => Add(_hits, ref _hitTotal, source, count);

    public void Miss(string source, int count) => Add(_misses, ref _missTotal, source, count);

    public void StaleServe(string source, int count) => Add(_stale, ref _staleTotal, source, count);

    public void Error(string store) => Add(_errors, ref _errorTotal, store, 1);

    private static void Add(Counter<long> counter, ref long total, string tag, int count)
    {
        if (count <= 0)
        {
            return;
        }
        Interlocked.Add(ref total, count);
        counter.Add(count, new KeyValuePair<string, object?>("source", tag));
    }

    public void Dispose() => _meter.Dispose();
}
