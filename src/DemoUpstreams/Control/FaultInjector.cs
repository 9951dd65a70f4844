using System.Collections.Concurrent;

namespace DemoUpstreams.Control;

/// <summary>
/// The faults in force per upstream. Which requests fail is drawn from a random sequence seeded by the settings
/// (<c>seed</c>, 1 when omitted): failures cluster as real ones do, yet the n-th request to arrive fails or not
/// the same way in every run, so a test under an error rate is repeatable.
/// </summary>
public sealed class FaultInjector
{
    private readonly ConcurrentDictionary<string, Faults> _faults = new(StringComparer.Ordinal);

    public void Set(string upstream, FaultSettings settings) => _faults[upstream] = new Faults(settings);

    public FaultSettings? Get(string upstream) => _faults.GetValueOrDefault(upstream)?.Settings;

    public void Reset() => _faults.Clear();

    /// <summary>Whether this request to <paramref name="upstream"/> hangs (counted against the timeout rate).</summary>
    public bool NextTimesOut(string upstream) => _faults.GetValueOrDefault(upstream) is { } faults && faults.Timeouts.Next(faults.Settings.TimeoutRate);

    /// <summary>Whether this request to <paramref name="upstream"/> fails (counted against the error rate).</summary>
    public bool NextFails(string upstream) => _faults.GetValueOrDefault(upstream) is { } faults && faults.Errors.Next(faults.Settings.ErrorRate);

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

    private sealed class Faults(FaultSettings settings)
    {
        public FaultSettings Settings { get; } = settings;

        public SeededRate Errors { get; } = new(settings.Seed ?? 1);

        public SeededRate Timeouts { get; } = new((settings.Seed ?? 1) + 1);
    }

    private sealed class SeededRate(int seed)
    {
        private readonly Random _random = new(seed);
        private readonly Lock _lock = new();

        public bool Next(double? rate)
        {
            if (rate is not > 0)
            {
                return false;
            }
            lock (_lock)
            {
                return _random.NextDouble() < rate.Value;
            }
        }
    }
}
