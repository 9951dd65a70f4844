using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Polly.CircuitBreaker;

namespace Gateway.Sources.Common.Resilience;

/// <summary>
/// The circuit breaker of every upstream, so readiness can report their states, and the gauge
/// <c>gateway.upstream.circuit.state</c> (0 closed, 1 open, 2 half-open, 3 isolated) by source.
/// </summary>
public sealed class UpstreamCircuits : IDisposable
{
    private readonly ConcurrentDictionary<string, CircuitBreakerStateProvider> _circuits = new(StringComparer.Ordinal);
    private readonly Meter _meter = new(Telemetry.GatewayTelemetry.Name);

    public UpstreamCircuits() =>
        _meter.CreateObservableGauge("gateway.upstream.circuit.state", () => _circuits.Select(pair =>
                new Measurement<int>(StateValue(pair.Value.CircuitState), new KeyValuePair<string, object?>("gateway.source", pair.Key))),
            unit: null, description: "Circuit breaker state per upstream: 0 closed, 1 open, 2 half-open, 3 isolated.");

    private static int StateValue(CircuitState state) => state switch
    {
        CircuitState.Closed => 0,
        CircuitState.Open => 1,
        CircuitState.HalfOpen => 2,
        _ => 3,
    };

    public void Dispose() => _meter.Dispose();

    public CircuitBreakerStateProvider For(string source) => _circuits.GetOrAdd(source, _ => new CircuitBreakerStateProvider());

    public IReadOnlyDictionary<string, CircuitState> States() =>
        _circuits.ToDictionary(pair => pair.Key, pair => pair.Value.CircuitState, StringComparer.Ordinal);
}
