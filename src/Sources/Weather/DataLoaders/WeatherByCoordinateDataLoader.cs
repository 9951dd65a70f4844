using System.Globalization;
using System.Text.Json.Serialization.Metadata;
using Gateway.Sources.Common.Caching;
using Gateway.Sources.Common.DataLoading;
using Gateway.Sources.Weather.Client;
using Gateway.Sources.Weather.Contracts;
using Microsoft.Extensions.Options;

namespace Gateway.Sources.Weather.DataLoaders;

/// <summary>Current conditions by point: cached for about a minute, one batch call per chunk of misses.</summary>
public sealed class WeatherByCoordinateDataLoader(WeatherClient client, IOptions<WeatherOptions> options, EntityCacheServices cache,
    DataLoaderScope scope)
    : CachedBatchDataLoader<Coordinate, CurrentWeather>(cache, scope)
{
    public const string Entity = "current";

    protected override string SourceName => WeatherOptions.SourceName;

    protected override string EntityName => Entity;

    protected override JsonTypeInfo<CurrentWeather> TypeInfo => WeatherJsonContext.Default.CurrentWeather;

    protected override int ChunkSize => options.Value.ChunkSize;

    protected override string CacheKeyOf(Coordinate key) => string.Create(CultureInfo.InvariantCulture, $"{key.Lat},{key.Lng}");

    protected override Task<IReadOnlyDictionary<Coordinate, LoadResult<CurrentWeather>>> FetchChunkAsync(
        IReadOnlyList<Coordinate> keys, CancellationToken cancellationToken) =>
        client.CurrentAsync(keys, cancellationToken);
}
