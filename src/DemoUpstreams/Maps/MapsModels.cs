namespace DemoUpstreams.Maps;

public sealed record GeoPoint(double Lat, double Lng, string FormattedAddress);

public sealed record GeocodeBatchRequest(IReadOnlyList<string>? Addresses);

public sealed record GeocodeBatchItem(string Address, GeoPoint? Location, ItemProblem? Error);

public sealed record GeocodeBatchResponse(IReadOnlyList<GeocodeBatchItem> Results);

public sealed record ItemProblem(string Code, string Message);

public sealed record ReverseGeocodeResponse(string FormattedAddress, string City, string Country);

public sealed record DistanceResponse(double DistanceKm, double TravelMinutes);
