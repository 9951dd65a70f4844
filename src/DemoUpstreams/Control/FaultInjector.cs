using System.Collections.Concurrent;

namespace DemoUpstreams.Control;

/// <summary>The faults in force per upstream.</summary>
public sealed class FaultInjector
{
    private readonly ConcurrentDictionary<string, FaultSettings> _faults = new(StringComparer.Ordinal);

    public void Set(string upstream, FaultSettings settings) => _faults[upstream] = settings;

    public FaultSettings? Get(string upstream) => _faults.GetValueOrDefault(upstream);

    public void Reset() => _faults.Clear();

    /// <summary>The reason the settings are invalid, or null.</summary>
    public static string? Validate(FaultSettings settings)
    {
        if (settings.Upstream is null || !Upstreams.All.Contains(settings.Upstream))
        {
            return $"'upstream' must be one of {string.Join(", ", Upstreams.All)}.";
        }
        if (settings.ErrorRate is < 0 or > 1 || settings.TimeoutRate is < 0 or > 1)
        {
            return "'errorRate' and 'timeoutRate' are between 0 and 1.";
        }
        if (settings.LatencyMs is < 0 or > 600_000)
        {
            return "'latencyMs' is between 0 and 600000.";
        }
        return null;
    }
}
