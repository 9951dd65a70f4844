using DemoUpstreams.Data;
using DemoUpstreams.Maps;

namespace DemoUpstreams.Weather;

/// <summary>The weather REST API under <c>/weather/v1</c>.</summary>
public static class WeatherEndpoints
{
    public const int MaxBatch = 100;
    public const int MaxForecastDays = 14;

    public static void MapWeather(this IEndpointRouteBuilder endpoints)
    {
        var weather = endpoints.MapGroup("/weather/v1").WithGroupName("weather").WithTags("Weather");

        weather.MapGet("/current", (double? lat, double? lng, WeatherModel model) =>
            Problems.CheckCoordinate(lat, lng) is { } problem
                ? Problems.BadRequest(problem)
                : Results.Ok(model.Current(lat!.Value, lng!.Value)))
            .Produces<CurrentWeather>();

        weather.MapPost("/current/batch", (CurrentWeatherBatchRequest request, WeatherModel model, Control.DemoStats stats) =>
        {
            if (request.Points is null || request.Points.Count == 0)
            {
                return Problems.BadRequest("'points' must be a non-empty array.");
            }
            if (request.Points.Count > MaxBatch)
            {
                return Problems.BadRequest($"At most {MaxBatch} points per batch, not {request.Points.Count}.");
            }
            stats.CountItems("weather.currentBatch", request.Points.Count);
            var results = request.Points.Select(point =>
                Problems.CheckCoordinate(point?.Lat, point?.Lng) is { } problem
                    ? new CurrentWeatherBatchItem(point?.Lat, point?.Lng, null, new ItemProblem("INVALID_COORDINATE", problem))
                    : new CurrentWeatherBatchItem(point!.Lat, point.Lng, model.Current(point.Lat!.Value, point.Lng!.Value), null))
                .ToList();
            return Results.Ok(new CurrentWeatherBatchResponse(results));
        }).Produces<CurrentWeatherBatchResponse>();

        weather.MapGet("/forecast", (double? lat, double? lng, int? days, WeatherModel model) =>
        {
            if (Problems.CheckCoordinate(lat, lng) is { } problem)
            {
                return Problems.BadRequest(problem);
            }
            var count = days ?? 3;
            if (count is < 1 or > MaxForecastDays)
            {
                return Problems.BadRequest($"'days' must be between 1 and {MaxForecastDays}.");
            }
            return Results.Ok(new ForecastResponse(lat!.Value, lng!.Value, model.Forecast(lat.Value, lng.Value, count)));
        }).Produces<ForecastResponse>();

        weather.MapPost("/forecast/batch", (ForecastBatchRequest request, WeatherModel model) =>
        {
            if (request.Points is null || request.Points.Count == 0 || request.Points.Count > MaxBatch)
            {
                return Problems.BadRequest($"'points' must hold 1 to {MaxBatch} coordinates.");
            }
            var days = request.Days ?? 3;
            if (days is < 1 or > MaxForecastDays)
            {
                return Problems.BadRequest($"'days' must be between 1 and {MaxForecastDays}.");
            }
            var results = request.Points.Select(point =>
                Problems.CheckCoordinate(point?.Lat, point?.Lng) is { } problem
                    ? new ForecastBatchItem(point?.Lat, point?.Lng, null, new ItemProblem("INVALID_COORDINATE", problem))
                    : new ForecastBatchItem(point!.Lat, point.Lng, model.Forecast(point.Lat!.Value, point.Lng!.Value, days), null))
                .ToList();
            return Results.Ok(new ForecastBatchResponse(results));
        }).Produces<ForecastBatchResponse>();
    }
}
