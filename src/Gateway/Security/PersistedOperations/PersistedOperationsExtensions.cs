using Gateway.Security.PersistedOperations;
using Gateway.Sources.Common.Caching;

namespace Microsoft.Extensions.Hosting;

/// <summary>Persisted documents: Redis-backed when <c>ConnectionStrings:Redis</c> is set, in memory otherwise.</summary>
public static class PersistedOperationsExtensions
{
    public static IServiceCollection AddPersistedOperations(this IServiceCollection services)
    {
        services.AddOptions<PersistedOperationsOptions>()
            .BindConfiguration(PersistedOperationsOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<IPersistedDocumentStore>(sp =>
            string.IsNullOrEmpty(sp.GetRequiredService<IConfiguration>().GetConnectionString("Redis"))
                ? ActivatorUtilities.CreateInstance<MemoryPersistedDocumentStore>(sp)
                : new RedisPersistedDocumentStore(sp.GetRequiredService<RedisConnection>()));
        services.AddSingleton<PersistedDocuments>();
        services.AddHostedService(sp => sp.GetRequiredService<PersistedDocuments>());
        return services;
    }
}
