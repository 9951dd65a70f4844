using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Gateway.Sources.Common.Events;
using Gateway.Sources.Weather.Client;
using Gateway.Sources.Weather.Contracts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Gateway.Sources.Weather.Polling;

/// <summary>
/// Turns the weather upstream's changing data into events. Every <see cref="WeatherOptions.PollInterval"/> it polls
/// the locations that have subscribers on this instance, in one batch call, taking a lease per location so that
/// however many instances watch a location, one polls it per interval. A change (not the first observation) is
/// published to the bus, which every instance's subscribers listen to. No subscribers, no polling.
/// </summary>
public sealed class WeatherPoller(
    IServiceScopeFactory scopes,
    IEventBus bus,
    ICoordinationStore coordination,
    IOptions<WeatherOptions> options,
    TimeProvider time,
    ILogger<WeatherPoller> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<Coordinate, int> _watchers = new();

    public static string Channel(Coordinate point) => EventChannels.For("weather:" + Key(point));

    private static string Key(Coordinate point) => string.Create(CultureInfo.InvariantCulture, $"{point.Lat},{point.Lng}");

    /// <summary>Locations currently polled by this instance.</summary>
    public int WatchedLocations => _watchers.Count;

    /// <summary>Registers interest in <paramref name="point"/> until the returned handle is disposed.</summary>
    public IDisposable Watch(Coordinate point)
    {
        _watchers.AddOrUpdate(point, 1, (_, count) => count + 1);
        return new Watcher(this, point);
    }

    private void Unwatch(Coordinate point)
    {
        while (_watchers.TryGetValue(point, out var count))
        {
            if (count <= 1 ? _watchers.TryRemove(new KeyValuePair<Coordinate, int>(point, count)) : _watchers.TryUpdate(point, count - 1, count))
            {
                return;
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.PollInterval;
        using var timer = new PeriodicTimer(interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                await PollOnceAsync(interval, stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A failed poll is retried next interval; subscribers see no event meanwhile.
                logger.LogWarning("Weather poll failed: {Reason}", ex.GetType().Name);
            }
        }
    }

    private async Task PollOnceAsync(TimeSpan interval, CancellationToken cancellationToken)
    {
        var mine = new List<Coordinate>();
        foreach (var point in _watchers.Keys)
        {
            // The lease lapses just before the next tick, so the same or another instance takes the next poll.
            if (await coordination.TryAcquireAsync(CoordinationKeys.For("weather-poll", Key(point)), interval * 0.8, cancellationToken).ConfigureAwait(false))
            {
                mine.Add(point);
            }
        }
        if (mine.Count == 0)
        {
            return;
        }

        await using var scope = scopes.CreateAsyncScope();
        var client = scope.ServiceProvider.GetRequiredService<WeatherClient>();
        foreach (var chunk in mine.Chunk(options.Value.ChunkSize))
        {
            var results = await client.CurrentAsync(chunk, cancellationToken).ConfigureAwait(false);
            foreach (var point in chunk)
            {
                if (results[point].Value is { } weather)
                {
                    await PublishIfChangedAsync(point, weather, cancellationToken).ConfigureAwait(false);
                }
            }
        }
    }

    private async Task PublishIfChangedAsync(Coordinate point, CurrentWeather weather, CancellationToken cancellationToken)
    {
        // The observation time changes every poll; only the conditions decide whether anything changed.
        var conditions = string.Create(CultureInfo.InvariantCulture,
            $"{weather.TemperatureC}|{weather.Condition}|{weather.WindKph}|{weather.Humidity}");
        var previous = await coordination.SwapAsync(CoordinationKeys.For("weather-last", Key(point)), conditions, TimeSpan.FromHours(1), cancellationToken)
            .ConfigureAwait(false);
        if (previous is not null && previous != conditions)
        {
            await bus.PublishAsync(Channel(point), JsonSerializer.SerializeToUtf8Bytes(weather, WeatherJsonContext.Default.CurrentWeather), cancellationToken)
                .ConfigureAwait(false);
        }
    }

    private sealed class Watcher(WeatherPoller poller, Coordinate point) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                poller.Unwatch(point);
            }
        }
    }
}
