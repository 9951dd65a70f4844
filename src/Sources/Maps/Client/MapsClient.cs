using System.Net.Http.Json;
using Gateway.Sources.Common.DataLoading;
using Gateway.Sources.Common.Errors;
using Gateway.Sources.Common.Http;
using Gateway.Sources.Maps.Contracts;

namespace Gateway.Sources.Maps.Client;

/// <summary>Typed client of the maps REST API.</summary>
public sealed class MapsClient(HttpClient http)
{
    /// <summary>Geocodes many addresses in one call; an unknown address fails only its own entry.</summary>
    public async Task<IReadOnlyDictionary<string, LoadResult<GeoPoint>>> GeocodeAsync(
        IReadOnlyList<string> addresses, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/geocode/batch")
        {
            Content = JsonContent.Create(new GeocodeBatchRequest(addresses), MapsJsonContext.Default.GeocodeBatchRequest),
        };
        // A batch lookup reads; repeating it is harmless.
        UpstreamRequest.MarkRetrySafe(request);
        using var response = await UpstreamHttp.SendAsync(http, request, MapsOptions.SourceName, cancellationToken).ConfigureAwait(false);
        var body = await UpstreamHttp.ReadJsonAsync(response, MapsJsonContext.Default.GeocodeBatchResponse, MapsOptions.SourceName, cancellationToken)
            .ConfigureAwait(false);
        if (body.Results.Count != addresses.Count)
        {
            throw new UpstreamError(MapsOptions.SourceName, "The maps upstream answered a different number of addresses than asked.");
        }

        var results = new Dictionary<string, LoadResult<GeoPoint>>(addresses.Count, StringComparer.Ordinal);
        for (var i = 0; i < addresses.Count; i++)
        {
            var item = body.Results[i];
            results[addresses[i]] = item.Location is { } point
                ? LoadResult<GeoPoint>.Found(point)
                : LoadResult<GeoPoint>.Failed(new NotFoundError(MapsOptions.SourceName, "Address", addresses[i]));
        }
        return results;
    }
}
