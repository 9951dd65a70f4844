using System.Net.Http.Json;
using Gateway.Sources.Common.DataLoading;
using Gateway.Sources.Common.Errors;
using Gateway.Sources.Common.Http;
using Gateway.Sources.Weather.Contracts;

namespace Gateway.Sources.Weather.Client;

/// <summary>Typed client of the weather REST API; both reads use its batch endpoints.</summary>
public sealed class WeatherClient(HttpClient http)
{
    public async Task<IReadOnlyDictionary<Coordinate, LoadResult<CurrentWeather>>> CurrentAsync(
        IReadOnlyList<Coordinate> points, CancellationToken cancellationToken)
    {
        var body = await PostAsync("v1/current/batch",
            JsonContent.Create(new CurrentBatchRequest(Points(points)), WeatherJsonContext.Default.CurrentBatchRequest),
            WeatherJsonContext.Default.CurrentBatchResponse, cancellationToken).ConfigureAwait(false);
        return Match(points, body.Results, item => item.Weather);
    }

    public async Task<IReadOnlyDictionary<Coordinate, LoadResult<IReadOnlyList<DailyForecast>>>> ForecastAsync(
        IReadOnlyList<Coordinate> points, int days, CancellationToken cancellationToken)
    {
        var body = await PostAsync("v1/forecast/batch",
            JsonContent.Create(new ForecastBatchRequest(Points(points), days), WeatherJsonContext.Default.ForecastBatchRequest),
            WeatherJsonContext.Default.ForecastBatchResponse, cancellationToken).ConfigureAwait(false);
        return Match(points, body.Results, item => item.Days);
    }

    private static List<PointRequest> Points(IReadOnlyList<Coordinate> points) =>
        points.Select(p => new PointRequest(p.Lat, p.Lng)).ToList();

    private async Task<T> PostAsync<T>(string path, HttpContent content, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo,
        CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        UpstreamRequest.MarkRetrySafe(request);
        using var response = await UpstreamHttp.SendAsync(http, request, WeatherOptions.SourceName, cancellationToken).ConfigureAwait(false);
        return await UpstreamHttp.ReadJsonAsync(response, typeInfo, WeatherOptions.SourceName, cancellationToken).ConfigureAwait(false);
    }

    private static Dictionary<Coordinate, LoadResult<TValue>> Match<TItem, TValue>(
        IReadOnlyList<Coordinate> points, IReadOnlyList<TItem> items, Func<TItem, TValue?> value) where TValue : class
    {
        if (items.Count != points.Count)
        {
            throw new UpstreamError(WeatherOptions.SourceName, "The weather upstream answered a different number of points than asked.");
        }
        var results = new Dictionary<Coordinate, LoadResult<TValue>>(points.Count);
        for (var i = 0; i < points.Count; i++)
        {
            results[points[i]] = value(items[i]) is { } found
                ? LoadResult<TValue>.Found(found)
                : LoadResult<TValue>.Failed(new UpstreamError(WeatherOptions.SourceName, "The weather upstream has no data for this point."));
        }
        return results;
    }
}
