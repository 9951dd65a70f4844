using System.ComponentModel.DataAnnotations;

namespace Gateway.Sources.Common.Resilience;

/// <summary>
/// The resilience pipeline of one upstream, bound from <c>Sources:&lt;Name&gt;:Resilience</c> (a named option per
/// source). Defaults suit a REST or SOAP service answering in tens of milliseconds.
/// </summary>
public sealed class UpstreamResilienceOptions
{
    /// <summary>All attempts of one call together, retries and their delays included.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>One attempt.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Retries after the first attempt, only for requests that are safe to repeat.</summary>
    [Range(0, 10)]
    public int MaxRetries { get; set; } = 2;

    /// <summary>First retry delay; later ones grow exponentially, with jitter.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Share of failed calls in the sampling window that opens the breaker.</summary>
    [Range(0.01, 1.0)]
    public double BreakerFailureRatio { get; set; } = 0.5;

    [Range(typeof(TimeSpan), "00:00:00.500", "00:10:00")]
    public TimeSpan BreakerSamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Calls in the window before the ratio counts. Polly's own default: with fewer, a few unlucky calls decide
    /// (at a 30% error rate, 5 failures in 10 calls are common), and concurrent requests share upstream calls, so
    /// the window sees far fewer calls than the gateway serves requests.
    /// </summary>
    [Range(2, 10_000)]
    public int BreakerMinimumThroughput { get; set; } = 100;

    /// <summary>How long the breaker stays open before a probe call is let through.</summary>
    [Range(typeof(TimeSpan), "00:00:00.500", "00:10:00")]
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Bulkhead: calls in flight to this upstream from this instance.</summary>
    [Range(1, 10_000)]
    public int MaxConcurrentRequests { get; set; } = 100;

    /// <summary>Calls waiting for a slot; beyond it calls fail fast.</summary>
    [Range(0, 100_000)]
    public int QueueLimit { get; set; } = 200;
}
