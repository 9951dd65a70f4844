using System.Text.Json;
using System.Text.Json.Serialization;

namespace Gateway.Sources.Maps.Contracts;

/// <summary>A geocoded point: the <c>Location</c> of the schema.</summary>
public sealed record GeoPoint(double Lat, double Lng, string FormattedAddress);

public sealed record GeocodeBatchRequest(IReadOnlyList<string> Addresses);

public sealed record GeocodeBatchItem(string Address, GeoPoint? Location, ItemProblem? Error);

public sealed record GeocodeBatchResponse(IReadOnlyList<GeocodeBatchItem> Results);

public sealed record ItemProblem(string Code, string Message);

/// <summary>Source-generated JSON for the maps API.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(GeocodeBatchRequest))]
[JsonSerializable(typeof(GeocodeBatchResponse))]
[JsonSerializable(typeof(GeoPoint))]
public sealed partial class MapsJsonContext : JsonSerializerContext;
