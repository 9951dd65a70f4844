using Gateway.Caching;
using Gateway.Hosting;
using Gateway.Sources.Common.Caching;
using GraphQL;
using GraphQL.DI;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// The upstream cache: Redis when <c>ConnectionStrings:Redis</c> is set, shared by every instance; otherwise an
/// in-memory cache with the same semantics. The choice is made when services are first resolved, so every
/// configuration source has its say.
/// </summary>
public static class CachingHostingExtensions
{
    public static IHostApplicationBuilder AddGatewayCaching(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<GatewayCacheOptions>().BindConfiguration(GatewayCacheOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<CacheCounters>();
        services.AddSingleton<SingleFlight>();
        services.AddSingleton<EntityCacheServices>();
        builder.AddGatewayRedis();
        services.AddSingleton<IEntityCache>(sp =>
        {
            if (!sp.GetRequiredService<IOptions<GatewayCacheOptions>>().Value.Enabled)
            {
                return new NullEntityCache();
            }
            if (string.IsNullOrEmpty(sp.GetRequiredService<IConfiguration>().GetConnectionString("Redis")))
            {
                return ActivatorUtilities.CreateInstance<MemoryEntityCache>(sp);
            }
            var redis = ActivatorUtilities.CreateInstance<RedisEntityCache>(sp);
            var localTtl = sp.GetRequiredService<IOptions<GatewayCacheOptions>>().Value.LocalTtl;
            return localTtl <= TimeSpan.Zero
                ? redis
                : new TieredEntityCache(redis, ActivatorUtilities.CreateInstance<MemoryEntityCache>(sp), sp.GetRequiredService<RedisConnection>(),
                    localTtl, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<TieredEntityCache>>());
        });
        return builder;
    }

    /// <summary>
    /// The one Redis connection (<c>ConnectionStrings:Redis</c>) the cache, the event bus, the coordination store and
    /// the persisted documents share, and its readiness check. Every part that uses it calls this, and only the first
    /// call registers anything, so the parts may be added in any order.
    /// </summary>
    public static IHostApplicationBuilder AddGatewayRedis(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        if (services.Any(descriptor => descriptor.ServiceType == typeof(RedisConnection)))
        {
            return builder;
        }
        services.AddSingleton(sp => new RedisConnection(
            sp.GetRequiredService<IConfiguration>().GetConnectionString("Redis")
                ?? throw new InvalidOperationException("ConnectionStrings:Redis is not set."),
            sp.GetRequiredService<ILogger<RedisConnection>>()));
        services.AddHealthChecks().AddCheck<RedisHealthCheck>("redis", tags: [GatewayHealthTags.Ready]);
        return builder;
    }

    /// <summary>Reports the paths answered from stale cache entries in <c>extensions.stale</c>.</summary>
    public static IGraphQLBuilder AddStaleDataReporting(this IGraphQLBuilder graphQL) => graphQL
        .ConfigureExecution<StaleDataExtension>();
}
