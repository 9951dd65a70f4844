using Gateway.Sources.Common.Caching;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Gateway.Caching;

/// <summary>Readiness of the shared cache. Without Redis the gateway still serves, from the upstreams: degraded.</summary>
public sealed class RedisHealthCheck(IConfiguration configuration, IServiceProvider services) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(configuration.GetConnectionString("Redis")))
        {
            return HealthCheckResult.Healthy("No Redis configured; caching in memory.");
        }
        var connection = services.GetRequiredService<RedisConnection>();
        var multiplexer = await connection.GetAsync().ConfigureAwait(false);
        return multiplexer.IsConnected
            ? HealthCheckResult.Healthy("Connected.")
            : HealthCheckResult.Degraded("Redis is unreachable; requests go to the upstreams directly.");
    }
}
