namespace DemoUpstreams.Weather;

public sealed record CurrentWeather(double TemperatureC, string Condition, double WindKph, int Humidity, DateTimeOffset ObservedAt);

public sealed record Coordinate(double? Lat, double? Lng);

public sealed record CurrentWeatherBatchRequest(IReadOnlyList<Coordinate>? Points);

public sealed record CurrentWeatherBatchItem(double? Lat, double? Lng, CurrentWeather? Weather, Maps.ItemProblem? Error);

public sealed record CurrentWeatherBatchResponse(IReadOnlyList<CurrentWeatherBatchItem> Results);

public sealed record DailyForecast(DateOnly Date, double MinC, double MaxC, string Condition, double PrecipitationMm);

public sealed record ForecastResponse(double Lat, double Lng, IReadOnlyList<DailyForecast> Days);

public sealed record ForecastBatchRequest(IReadOnlyList<Coordinate>? Points, int? Days);

public sealed record ForecastBatchItem(double? Lat, double? Lng, IReadOnlyList<DailyForecast>? Days, Maps.ItemProblem? Error);

public sealed record ForecastBatchResponse(IReadOnlyList<ForecastBatchItem> Results);
