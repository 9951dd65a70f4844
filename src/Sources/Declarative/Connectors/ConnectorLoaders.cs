using Microsoft.Extensions.DependencyInjection;
using Gateway.Sources.Common.Caching;
using Gateway.Sources.Common.DataLoading;
using Microsoft.Extensions.Options;

namespace Gateway.Sources.Declarative.Connectors;

/// <summary>One <see cref="ConnectorDataLoader"/> per fetch for the current request (registered scoped).</summary>
public sealed class ConnectorLoaders(
    ConnectorClient client,
    IOptionsMonitor<DeclarativeSourceOptions> options,
    EntityCacheServices cache,
    DataLoaderScope scope)
{
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<IServiceProvider, ConnectorLoaders> ByScope = new();

    private readonly Dictionary<Fetch, ConnectorDataLoader> _loaders = new(ReferenceEqualityComparer.Instance);

    /// <summary>
    /// The loaders of the request whose services are <paramref name="services"/>. Fields of one request resolve in
    /// parallel, and asking the container for a scoped service takes the scope's lock each time: this asks once.
    /// </summary>
    public static ConnectorLoaders Of(IServiceProvider services) =>
        ByScope.TryGetValue(services, out var loaders)
            ? loaders
            : ByScope.GetValue(services, static scope => scope.GetRequiredService<ConnectorLoaders>());
    private readonly Lock _gate = new();

    public ConnectorDataLoader For(Fetch fetch)
    {
        lock (_gate)
        {
            if (!_loaders.TryGetValue(fetch, out var loader))
            {
                _loaders[fetch] = loader = new ConnectorDataLoader(fetch, client, options.Get(fetch.Source).ChunkSize, cache, scope);
            }
            return loader;
        }
    }
}
