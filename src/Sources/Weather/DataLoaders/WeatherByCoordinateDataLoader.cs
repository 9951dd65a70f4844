using Gateway.Sources.Common.DataLoading;
using Gateway.Sources.Weather.Client;
using Gateway.Sources.Weather.Contracts;
using Microsoft.Extensions.Options;

namespace Gateway.Sources.Weather.DataLoaders;

/// <summary>Current conditions by point: one batch call per chunk.</summary>
public sealed class WeatherByCoordinateDataLoader(WeatherClient client, IOptions<WeatherOptions> options)
    : BatchDataLoader<Coordinate, CurrentWeather>
{
    protected override string SourceName => WeatherOptions.SourceName;

    protected override int ChunkSize => options.Value.ChunkSize;

    protected override Task<IReadOnlyDictionary<Coordinate, LoadResult<CurrentWeather>>> FetchChunkAsync(
        IReadOnlyList<Coordinate> keys, CancellationToken cancellationToken) =>
        client.CurrentAsync(keys, cancellationToken);
}
