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
    private readonly Dictionary<Fetch, ConnectorDataLoader> _loaders = new(ReferenceEqualityComparer.Instance);

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
