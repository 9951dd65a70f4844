using System.Globalization;
using System.Text.Json.Serialization.Metadata;
using Gateway.Sources.Common.Caching;
using Gateway.Sources.Common.DataLoading;
using Gateway.Sources.Weather.Client;
using Gateway.Sources.Weather.Contracts;
using Microsoft.Extensions.Options;

namespace Gateway.Sources.Weather.DataLoaders;

/// <summary>Forecasts by point and length: cached, one batch call per distinct number of days.</summary>
public sealed class ForecastByCoordinateDataLoader(WeatherClient client, IOptions<WeatherOptions> options, EntityCacheServices cache,
    DataLoaderScope scope)
    : CachedBatchDataLoader<ForecastKey, IReadOnlyList<DailyForecast>>(cache, scope)
{
    public const string Entity = "forecast";

    protected override string SourceName => WeatherOptions.SourceName;

    protected override string EntityName => Entity;

    protected override JsonTypeInfo<IReadOnlyList<DailyForecast>> TypeInfo => WeatherJsonContext.Default.IReadOnlyListDailyForecast;

    protected override int ChunkSize => options.Value.ChunkSize;

    protected override string CacheKeyOf(ForecastKey key) =>
        string.Create(CultureInfo.InvariantCulture, $"{key.Point.Lat},{key.Point.Lng}:{key.Days}");

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
