using System.Text.Json;
using System.Text.Json.Serialization;

namespace Gateway.Sources.Weather.Contracts;

/// <summary>A point, rounded to about 10 m so that nearby requests share batches and cache entries.</summary>
public readonly record struct Coordinate(double Lat, double Lng)
{
    public static Coordinate Of(double lat, double lng) => new(Math.Round(lat, 4), Math.Round(lng, 4));
}

public sealed record CurrentWeather(double TemperatureC, string Condition, double WindKph, int Humidity, DateTimeOffset ObservedAt);

public sealed record DailyForecast(DateOnly Date, double MinC, double MaxC, string Condition, double PrecipitationMm);

public sealed record PointRequest(double Lat, double Lng);

public sealed record CurrentBatchRequest(IReadOnlyList<PointRequest> Points);

public sealed record CurrentBatchItem(double? Lat, double? Lng, CurrentWeather? Weather, ItemProblem? Error);

public sealed record CurrentBatchResponse(IReadOnlyList<CurrentBatchItem> Results);

public sealed record ForecastBatchRequest(IReadOnlyList<PointRequest> Points, int Days);

public sealed record ForecastBatchItem(double? Lat, double? Lng, IReadOnlyList<DailyForecast>? Days, ItemProblem? Error);

public sealed record ForecastBatchResponse(IReadOnlyList<ForecastBatchItem> Results);

public sealed record ItemProblem(string Code, string Message);

/// <summary>A forecast asked for a point and a number of days.</summary>
public readonly record struct ForecastKey(Coordinate Point, int Days);

/// <summary>Source-generated JSON for the weather API.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(CurrentBatchRequest))]
[JsonSerializable(typeof(CurrentBatchResponse))]
[JsonSerializable(typeof(ForecastBatchRequest))]
[JsonSerializable(typeof(ForecastBatchResponse))]
[JsonSerializable(typeof(CurrentWeather))]
[JsonSerializable(typeof(IReadOnlyList<DailyForecast>))]
public sealed partial class WeatherJsonContext : JsonSerializerContext;
