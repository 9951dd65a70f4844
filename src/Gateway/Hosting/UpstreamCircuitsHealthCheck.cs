using Gateway.Sources.Common.Resilience;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Polly.CircuitBreaker;

namespace Gateway.Hosting;

/// <summary>Readiness: each upstream's circuit state. An open circuit degrades the gateway but does not take it out.</summary>
public sealed class UpstreamCircuitsHealthCheck(UpstreamCircuits circuits) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var states = circuits.States();
        var open = states.Where(s => s.Value is CircuitState.Open or CircuitState.Isolated).Select(s => s.Key).ToList();
        var description = string.Join(", ", states.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => $"{s.Key}={s.Value}"));
        var data = states.ToDictionary(s => s.Key, s => (object)s.Value.ToString());
        return Task.FromResult(open.Count == 0
            ? HealthCheckResult.Healthy(description, data)
            : HealthCheckResult.Degraded(description, data: data));
    }
}
