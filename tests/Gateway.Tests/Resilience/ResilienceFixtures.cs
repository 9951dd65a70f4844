using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Resilience;

/// <summary>Weather retried up to 10 times, quickly, with a breaker that will not open.</summary>
public sealed class RetryFixture : GatewayFixture
{
    public const int MaxRetries = 10;

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
    {
        ["Sources:Weather:Resilience:MaxRetries"] = MaxRetries.ToString(),
        ["Sources:Weather:Resilience:RetryBaseDelay"] = "00:00:00.005",
        ["Sources:Weather:Resilience:BreakerFailureRatio"] = "1.0",
        ["Sources:Weather:Resilience:BreakerMinimumThroughput"] = "10000",
        ["Sources:Crm:Resilience:MaxRetries"] = "2",
        ["Sources:Crm:Resilience:RetryBaseDelay"] = "00:00:00.005",
        ["Sources:Crm:Resilience:BreakerMinimumThroughput"] = "10000",
        ["Sources:Payments:Resilience:MaxRetries"] = "2",
        ["Sources:Payments:Resilience:RetryBaseDelay"] = "00:00:00.005",
        ["Sources:Payments:Resilience:BreakerMinimumThroughput"] = "10000",
    };
}

/// <summary>The maps breaker opens after 4 failed calls and stays open for 2 s; no retries, so calls count exactly.</summary>
public sealed class BreakerFixture : GatewayFixture
{
    public const int MinimumThroughput = 4;
    public static readonly TimeSpan BreakDuration = TimeSpan.FromSeconds(2);

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
    {
        ["Sources:Maps:Resilience:MaxRetries"] = "0",
        ["Sources:Maps:Resilience:BreakerFailureRatio"] = "0.5",
        ["Sources:Maps:Resilience:BreakerMinimumThroughput"] = MinimumThroughput.ToString(),
        ["Sources:Maps:Resilience:BreakerSamplingDuration"] = "00:00:30",
        ["Sources:Maps:Resilience:BreakDuration"] = BreakDuration.ToString(),
    };
}

/// <summary>
/// Payments give up after a 300 ms attempt; weather waits up to 30 s per attempt, so only the 2 s request
/// deadline cuts it short.
/// </summary>
public sealed class TimeoutFixture : GatewayFixture
{
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(2);

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
    {
        ["Gateway:RequestTimeout"] = RequestTimeout.ToString(),
        ["Sources:Payments:Resilience:AttemptTimeout"] = "00:00:00.300",
        ["Sources:Payments:Resilience:TotalTimeout"] = "00:00:01",
        ["Sources:Payments:Resilience:MaxRetries"] = "0",
        ["Sources:Weather:Resilience:AttemptTimeout"] = "00:00:30",
        ["Sources:Weather:Resilience:TotalTimeout"] = "00:01:00",
        ["Sources:Weather:Resilience:MaxRetries"] = "0",
    };
}

/// <summary>Nothing times out for a minute, so only a client disconnect can cancel an upstream call.</summary>
public sealed class DisconnectFixture : GatewayFixture
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
    {
        ["Gateway:RequestTimeout"] = "00:01:00",
        ["Sources:Weather:Resilience:AttemptTimeout"] = "00:01:00",
        ["Sources:Weather:Resilience:TotalTimeout"] = "00:02:00",
        ["Sources:Weather:Resilience:MaxRetries"] = "0",
    };
}
