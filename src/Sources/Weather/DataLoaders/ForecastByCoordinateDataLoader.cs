using Gateway.Sources.Common.DataLoading;
using Gateway.Sources.Weather.Client;
using Gateway.Sources.Weather.Contracts;
using Microsoft.Extensions.Options;

namespace Gateway.Sources.Weather.DataLoaders;

/// <summary>Forecasts by point and length: one batch call per distinct number of days.</summary>
public sealed class ForecastByCoordinateDataLoader(WeatherClient client, IOptions<WeatherOptions> options)
    : BatchDataLoader<ForecastKey, IReadOnlyList<DailyForecast>>
{
    protected override string SourceName => WeatherOptions.SourceName;

    protected override int ChunkSize => options.Value.ChunkSize;

    protected override async Task<IReadOnlyDictionary<ForecastKey, LoadResult<IReadOnlyList<DailyForecast>>>> FetchChunkAsync(
        IReadOnlyList<ForecastKey> keys, CancellationToken cancellationToken)
    {
        var results = new Dictionary<ForecastKey, LoadResult<IReadOnlyList<DailyForecast>>>(keys.Count);
        foreach (var group in keys.GroupBy(key => key.Days))
        {
            var forecasts = await client.ForecastAsync(group.Select(key => key.Point).ToList(), group.Key, cancellationToken).ConfigureAwait(false);
            foreach (var key in group)
            {
                results[key] = forecasts[key.Point];
            }
        }
        return results;
    }
}
