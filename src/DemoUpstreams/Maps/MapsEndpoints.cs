using DemoUpstreams.Data;

namespace DemoUpstreams.Maps;

/// <summary>The maps REST API under <c>/maps/v1</c>.</summary>
public static class MapsEndpoints
{
    public const int MaxBatch = 100;

    public static void MapMaps(this IEndpointRouteBuilder endpoints)
    {
        var maps = endpoints.MapGroup("/maps/v1").WithGroupName("maps").WithTags("Maps");

        maps.MapGet("/geocode", (string? address) =>
        {
            if (string.IsNullOrWhiteSpace(address))
            {
                return Problems.BadRequest("'address' is required.");
            }
            return Geocoder.Geocode(address) is { } point
                ? Results.Ok(point)
                : Problems.NotFound("The address could not be geocoded.");
        }).Produces<GeoPoint>().ProducesProblem(StatusCodes.Status404NotFound);

        maps.MapPost("/geocode/batch", (GeocodeBatchRequest request, Control.DemoStats stats) =>
        {
            if (request.Addresses is null || request.Addresses.Count == 0)
            {
                return Problems.BadRequest("'addresses' must be a non-empty array.");
            }
            if (request.Addresses.Count > MaxBatch)
            {
                return Problems.BadRequest($"At most {MaxBatch} addresses per batch, not {request.Addresses.Count}.");
            }
            stats.CountItems("maps.geocodeBatch", request.Addresses.Count);
            var results = request.Addresses.Select(address =>
                string.IsNullOrWhiteSpace(address)
                    ? new GeocodeBatchItem(address ?? "", null, new ItemProblem("INVALID_ADDRESS", "The address is empty."))
                    : Geocoder.Geocode(address) is { } point
                        ? new GeocodeBatchItem(address, point, null)
                        : new GeocodeBatchItem(address, null, new ItemProblem("NOT_FOUND", "The address could not be geocoded.")))
                .ToList();
            return Results.Ok(new GeocodeBatchResponse(results));
        }).Produces<GeocodeBatchResponse>().ProducesValidationProblem();

        maps.MapGet("/reverse", (double? lat, double? lng) =>
        {
            if (Problems.CheckCoordinate(lat, lng) is { } problem)
            {
                return Problems.BadRequest(problem);
            }
            var city = Geocoder.Nearest(lat!.Value, lng!.Value);
            return Results.Ok(new ReverseGeocodeResponse($"{city.Name}, {city.Country}", city.Name, city.Country));
        }).Produces<ReverseGeocodeResponse>();

        maps.MapGet("/distance", (double? fromLat, double? fromLng, double? toLat, double? toLng) =>
        {
            if ((Problems.CheckCoordinate(fromLat, fromLng) ?? Problems.CheckCoordinate(toLat, toLng)) is { } problem)
            {
                return Problems.BadRequest(problem);
            }
            var km = Geocoder.DistanceKm(fromLat!.Value, fromLng!.Value, toLat!.Value, toLng!.Value);
            // A road trip is longer than the straight line; 1.3x at an average 60 km/h is a fair demo model.
            return Results.Ok(new DistanceResponse(Math.Round(km, 3), Math.Round(km * 1.3, 1)));
        }).Produces<DistanceResponse>();
    }
}
