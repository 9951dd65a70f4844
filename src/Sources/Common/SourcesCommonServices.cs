using Gateway.Sources.Common.DataLoading;
using Gateway.Sources.Common.Relay;
using Gateway.Sources.Common.Schema;
using Gateway.Sources.Common.Resilience;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// The one place Common's own services are registered: the circuits every upstream's breaker reports to, the
/// per-request deadline and loader scope every source's loaders share, and Relay's node fields over every source's
/// node types. The host calls it, and so does every upstream client registration; calling it again changes nothing,
/// so no caller depends on another's order.
/// </summary>
public static class SourcesCommonServices
{
    public static IServiceCollection AddSourcesCommon(this IServiceCollection services)
    {
        services.TryAddSingleton<UpstreamCircuits>();
        services.TryAddScoped<RequestDeadline>();
        services.TryAddScoped<DataLoaderScope>();
        services.TryAddScoped<Gateway.Sources.Common.Caching.StaleDataReport>();
        // Relay's node(id:) and nodes(ids:), over whichever types the sources declare as nodes.
        services.AddFieldContributor<QueryGraphType, NodeQueryFields>();
        return services;
    }
}
