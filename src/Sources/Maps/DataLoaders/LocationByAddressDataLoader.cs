using Gateway.Sources.Common.DataLoading;
using Gateway.Sources.Maps.Client;
using Gateway.Sources.Maps.Contracts;
using Microsoft.Extensions.Options;

namespace Gateway.Sources.Maps.DataLoaders;

/// <summary>Geocoded points by one-line address: one batch geocode call per chunk.</summary>
public sealed class LocationByAddressDataLoader(MapsClient client, IOptions<MapsOptions> options) : BatchDataLoader<string, GeoPoint>
{
    protected override string SourceName => MapsOptions.SourceName;

    protected override int ChunkSize => options.Value.ChunkSize;

    protected override Task<IReadOnlyDictionary<string, LoadResult<GeoPoint>>> FetchChunkAsync(
        IReadOnlyList<string> keys, CancellationToken cancellationToken) =>
        client.GeocodeAsync(keys, cancellationToken);
}
