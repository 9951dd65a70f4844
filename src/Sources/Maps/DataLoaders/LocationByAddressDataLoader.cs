using System.Text.Json.Serialization.Metadata;
using Gateway.Sources.Common.Caching;
using Gateway.Sources.Common.DataLoading;
using Gateway.Sources.Maps.Client;
using Gateway.Sources.Maps.Contracts;
using Microsoft.Extensions.Options;

namespace Gateway.Sources.Maps.DataLoaders;

/// <summary>Geocoded points by one-line address: cached for hours, one batch geocode call per chunk of misses.</summary>
public sealed class LocationByAddressDataLoader(MapsClient client, IOptions<MapsOptions> options, EntityCacheServices cache,
    DataLoaderScope scope)
    : CachedBatchDataLoader<string, GeoPoint>(cache, scope)
{
    public const string Entity = "location";

    protected override string SourceName => MapsOptions.SourceName;

    protected override string EntityName => Entity;

    protected override JsonTypeInfo<GeoPoint> TypeInfo => MapsJsonContext.Default.GeoPoint;

    protected override int ChunkSize => options.Value.ChunkSize;

    /// <summary>Addresses that differ only in case or spacing share an entry.</summary>
    protected override string CacheKeyOf(string key) =>
        CacheKeys.Digest(string.Join(' ', key.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).ToUpperInvariant());

    protected override Task<IReadOnlyDictionary<string, LoadResult<GeoPoint>>> FetchChunkAsync(
        IReadOnlyList<string> keys, CancellationToken cancellationToken) =>
        client.GeocodeAsync(keys, cancellationToken);
}
