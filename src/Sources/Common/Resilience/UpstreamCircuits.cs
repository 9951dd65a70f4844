using System.Collections.Concurrent;
using Polly.CircuitBreaker;

namespace Gateway.Sources.Common.Resilience;

/// <summary>The circuit breaker of every upstream, so readiness can report their states.</summary>
public sealed class UpstreamCircuits
{
    private readonly ConcurrentDictionary<string, CircuitBreakerStateProvider> _circuits = new(StringComparer.Ordinal);

    public CircuitBreakerStateProvider For(string source) => _circuits.GetOrAdd(source, _ => new CircuitBreakerStateProvider());

    public IReadOnlyDictionary<string, CircuitState> States() =>
        _circuits.ToDictionary(pair => pair.Key, pair => pair.Value.CircuitState, StringComparer.Ordinal);
}
