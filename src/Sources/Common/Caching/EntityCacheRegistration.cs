using Gateway.Sources.Common.Caching;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registration of cache policies by the sources.</summary>
public static class EntityCacheRegistration
{
    /// <summary>
    /// Declares how <paramref name="entity"/> of <paramref name="source"/> is cached by default; configuration under
    /// <c>Sources:&lt;source&gt;:Cache:&lt;entity&gt;</c> overrides it.
    /// </summary>
    public static IServiceCollection AddCachePolicy(this IServiceCollection services, string source, string entity, TimeSpan ttl, TimeSpan grace)
    {
        services.AddOptions<CachePolicy>(CachePolicy.Name(source, entity))
            .Configure(policy =>
            {
                policy.Ttl = ttl;
                policy.Grace = grace;
            })
            .BindConfiguration($"{Gateway.Sources.Common.Options.SourceOptions.SectionOf(source)}:Cache:{entity}")
            .ValidateDataAnnotations()
            .ValidateOnStart();
        return services;
    }
}
