using Gateway.Sources.Common.Caching;
using Gateway.Sources.Common.DataLoading;
using Microsoft.Extensions.Options;

namespace Gateway.Sources.Declarative.Connectors;

/// <summary>One <see cref="ConnectorDataLoader"/> per connector for the current request (registered scoped).</summary>
public sealed class ConnectorLoaders(
    ConnectorClient client,
    IOptionsMonitor<DeclarativeSourceOptions> options,
    EntityCacheServices cache,
    DataLoaderScope scope)
{
    private readonly Dictionary<Connector, ConnectorDataLoader> _loaders = new(ReferenceEqualityComparer.Instance);
    private readonly Lock _gate = new();

    public ConnectorDataLoader For(Connector connector)
    {
        lock (_gate)
        {
            if (!_loaders.TryGetValue(connector, out var loader))
            {
                _loaders[connector] = loader = new ConnectorDataLoader(connector, client, options.Get(connector.Source).ChunkSize, cache, scope);
            }
            return loader;
        }
    }
}
