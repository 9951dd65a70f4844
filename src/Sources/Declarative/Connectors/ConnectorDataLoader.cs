using System.Text.Json.Serialization.Metadata;
using Gateway.Sources.Common.Caching;
using Gateway.Sources.Common.DataLoading;

namespace Gateway.Sources.Declarative.Connectors;

/// <summary>
/// The loader of one connector within one request: the same cached, single-flight, chunked batching as every
/// hand-written source's loader, keyed by the canonical JSON of the connector's key expression.
/// </summary>
public sealed class ConnectorDataLoader(Connector connector, ConnectorClient client, int chunkSize, EntityCacheServices cache, DataLoaderScope scope)
    : CachedBatchDataLoader<string, ConnectorItem>(cache, scope)
{
    protected override string SourceName => connector.Source;

    protected override string EntityName => connector.Entity;

    protected override JsonTypeInfo<ConnectorItem> TypeInfo => DeclarativeJsonContext.Default.ConnectorItem;

    protected override int ChunkSize => chunkSize;

    /// <summary>Spans and metrics name the field the connector fetches (<c>Money.in</c>).</summary>
    protected override string LoaderName => connector.Coordinate;

    protected override string CacheKeyOf(string key) => CacheKeys.Digest(key);

    protected override Task<IReadOnlyDictionary<string, LoadResult<ConnectorItem>>> FetchChunkAsync(
        IReadOnlyList<string> keys, CancellationToken cancellationToken) =>
        client.FetchAsync(connector, keys, cancellationToken);
}
