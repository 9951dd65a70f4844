using System.Text.Json.Serialization.Metadata;
using Gateway.Sources.Common.Caching;
using Gateway.Sources.Common.DataLoading;

namespace Gateway.Sources.Declarative.Connectors;

/// <summary>
/// The loader of one fetch within one request: the same cached, single-flight, chunked batching as every
/// hand-written source's loader, keyed by the canonical JSON of the key; the cache key is the digest of the
/// fetch's <c>cacheKey</c> of it, or of the key itself.
/// </summary>
public sealed class ConnectorDataLoader(Fetch fetch, ConnectorClient client, int chunkSize, EntityCacheServices cache, DataLoaderScope scope)
    : CachedBatchDataLoader<string, ConnectorItem>(cache, scope)
{
    protected override string SourceName => fetch.Source;

    protected override string EntityName => fetch.Entity;

    protected override JsonTypeInfo<ConnectorItem> TypeInfo => DeclarativeJsonContext.Default.ConnectorItem;

    protected override int ChunkSize => chunkSize;

    /// <summary>Spans and metrics name the entity (<c>rates.rate</c>).</summary>
    protected override string LoaderName => fetch.LoaderName;

    protected override string CacheKeyOf(string key) => CacheKeyOf(fetch, key);

    /// <summary>Names by fetch: a fetch lives as long as its schema, and its <c>cacheKey</c> with it.</summary>
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Fetch, CacheKeyMemo<string>> Names = new();

    private readonly CacheKeyMemo<string> _names = Names.GetValue(fetch, static _ => new CacheKeyMemo<string>());

    protected override CacheKeyMemo<string> CacheKeyNames => _names;

    /// <summary>A key is canonical JSON: a trace shows it as that JSON (<c>{"lat": 52.5, "lng": 13.4}</c>), not as a string of it.</summary>
    protected override System.Text.Json.Nodes.JsonNode? TraceKey(string key) => System.Text.Json.Nodes.JsonNode.Parse(key);

    protected override string? TagOf(string key) =>
        fetch.Tag?.Evaluate(new Expressions.Scope(Key: System.Text.Json.Nodes.JsonNode.Parse(key))) is { } tag
            ? TagKey(fetch.Source, Expressions.TemplateExpression.Text(tag))
            : null;

    /// <summary>A tag's name in the cache, within its source.</summary>
    public static string TagKey(string source, string tag) => CacheKeys.Tag(source, tag);

    /// <summary>The entry name of <paramref name="key"/> (canonical JSON) within the fetch's entity.</summary>
    public static string CacheKeyOf(Fetch fetch, string key) => CacheKeys.Digest(fetch.CacheKey is { } normalise
        ? normalise.Evaluate(new Expressions.Scope(Key: System.Text.Json.Nodes.JsonNode.Parse(key)))?.ToJsonString() ?? key
        : key);

    protected override Task<IReadOnlyDictionary<string, LoadResult<ConnectorItem>>> FetchChunkAsync(
        IReadOnlyList<string> keys, CancellationToken cancellationToken) =>
        client.FetchAsync(fetch, keys, cancellationToken);
}
