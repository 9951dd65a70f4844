using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Gateway.Sources.Common.Telemetry;

/// <summary>
/// The gateway's own traces and metrics: the activity source and meter named <c>Gateway</c>, and the
/// instruments every part records into. Tag names follow OpenTelemetry's conventions where one exists.
/// </summary>
public static class GatewayTelemetry
{
    public const string Name = "Gateway";

    /// <summary>The meter of the payment webhooks (received, refused, by reason).</summary>
    public const string WebhooksMeterName = Name + ".Webhooks";

    /// <summary>The meter of the WebSocket connections and the operations running over them.</summary>
    public const string SubscriptionsMeterName = Name + ".Subscriptions";

    /// <summary>Every meter the gateway creates, for exporters to subscribe to.</summary>
    public static readonly string[] MeterNames = [Name, Caching.CacheCounters.MeterName, WebhooksMeterName, SubscriptionsMeterName];

    public static readonly ActivitySource ActivitySource = new(Name);

    private static readonly Meter Meter = new(Name);

    /// <summary>Duration of GraphQL operations, by operation type and name.</summary>
    public static readonly Histogram<double> OperationDuration = Meter.CreateHistogram<double>(
        "gateway.graphql.operation.duration", "s", "Duration of GraphQL operations.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10] });

    /// <summary>Duration of each attempt of an upstream HTTP request, by source and status code.</summary>
    public static readonly Histogram<double> UpstreamDuration = Meter.CreateHistogram<double>(
        "gateway.upstream.request.duration", "s", "Duration of upstream request attempts.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10] });

    /// <summary>Upstream request attempts that failed (5xx, 429, timeouts, connection errors), by source and error type.</summary>
    public static readonly Counter<long> UpstreamErrors = Meter.CreateCounter<long>(
        "gateway.upstream.errors", "{error}", "Upstream request attempts that failed.");

    /// <summary>Keys per DataLoader batch, by source and loader.</summary>
    public static readonly Histogram<int> BatchSize = Meter.CreateHistogram<int>(
        "gateway.dataloader.batch.size", "{key}", "Distinct keys per DataLoader batch.",
        advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 2, 5, 10, 20, 50, 100, 200, 500] });

    /// <summary>Times an upstream's circuit breaker opened, by source.</summary>
    public static readonly Counter<long> CircuitOpened = Meter.CreateCounter<long>(
        "gateway.upstream.circuit.opened", "{event}", "Times an upstream's circuit breaker opened.");

    /// <summary>Registers an observable gauge on the gateway meter (used for states owned by DI singletons).</summary>
    public static ObservableGauge<int> CreateGauge(string name, Func<IEnumerable<Measurement<int>>> observe, string description) =>
        Meter.CreateObservableGauge(name, observe, unit: null, description: description);
}
