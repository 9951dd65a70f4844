using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Gateway.Sources.Common.Caching;
using Gateway.Sources.Common.Events;
using Gateway.Sources.Declarative.Definitions;
using Gateway.Sources.Declarative.Expressions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Gateway.Sources.Declarative.Connectors;

/// <summary>
/// Feeds the subscription fields of the source files (<c>extend type Subscription</c>) by polling. Every
/// <c>Sources:&lt;Name&gt;:PollInterval</c> it fetches the keys that have subscribers on this instance, in batches,
/// taking a lease per key so that however many instances watch a key, one polls it per interval. A change of the
/// field's value (of its <c>changes</c> part; not the first observation) is published to the bus, which every
/// instance's subscribers listen to. No subscribers, no polling.
/// </summary>
public sealed class ConnectorPoller(
    SourceModel model,
    ConnectorClient client,
    IEventBus bus,
    ICoordinationStore coordination,
    IOptionsMonitor<DeclarativeSourceOptions> options,
    TimeProvider time,
    ILogger<ConnectorPoller> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<(Connector Connector, string Key), int> _watchers = new(WatchComparer.Instance);

    /// <summary>The channel of a field's changes for one key.</summary>
    public static string Channel(Connector connector, string key) => EventChannels.For($"poll:{connector.Coordinate}:{CacheKeys.Digest(key)}");

    /// <summary>Keys of all subscription fields currently polled by this instance.</summary>
    public int Watched => _watchers.Count;

    /// <summary>Registers interest in <paramref name="key"/> of <paramref name="connector"/> until the returned handle is disposed.</summary>
    public IDisposable Watch(Connector connector, string key)
    {
        _watchers.AddOrUpdate((connector, key), 1, (_, count) => count + 1);
        return new Watcher(this, (connector, key));
    }

    private void Unwatch((Connector, string) watched)
    {
        while (_watchers.TryGetValue(watched, out var count))
        {
            if (count <= 1 ? _watchers.TryRemove(new KeyValuePair<(Connector, string), int>(watched, count)) : _watchers.TryUpdate(watched, count - 1, count))
            {
                return;
            }
        }
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        // Every source has its timer, idle while nobody watches one of its fields (a reload may add one).
        Task.WhenAll(model.Sources.Select(source => PollSourceAsync(source, stoppingToken)));

    private async Task PollSourceAsync(string source, CancellationToken stoppingToken)
    {
        var interval = options.Get(source).PollInterval;
        using var timer = new PeriodicTimer(interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                await PollOnceAsync(source, interval, stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A failed poll is retried next interval; subscribers see no event meanwhile.
                logger.LogWarning("Poll of the {Source} upstream failed: {Reason}", source, ex.GetType().Name);
            }
        }
    }

    private async Task PollOnceAsync(string source, TimeSpan interval, CancellationToken cancellationToken)
    {
        var mine = new List<(Connector Connector, string Key)>();
        foreach (var watched in _watchers.Keys)
        {
            // The lease lapses just before the next tick, so the same or another instance takes the next poll.
            if (watched.Connector.Source == source
                && await coordination.TryAcquireAsync(CoordinationKeys.For("poll", Lease(watched)), interval * 0.8, cancellationToken).ConfigureAwait(false))
            {
                mine.Add(watched);
            }
        }
        foreach (var field in mine.GroupBy(watched => watched.Connector, (IEqualityComparer<Connector>)ReferenceEqualityComparer.Instance))
        {
            var connector = field.Key;
            foreach (var chunk in field.Select(watched => watched.Key).Chunk(options.Get(source).ChunkSize))
            {
                var results = await client.FetchAsync(connector.Fetch, chunk, cancellationToken).ConfigureAwait(false);
                foreach (var key in chunk)
                {
                    if (results[key].Value is { } item)
                    {
                        await PublishIfChangedAsync(connector, key, item, cancellationToken).ConfigureAwait(false);
                    }
                }
            }
        }
    }

    private async Task PublishIfChangedAsync(Connector connector, string key, ConnectorItem item, CancellationToken cancellationToken)
    {
        var value = connector.ValueOf(item, new Scope(), JsonNode.Parse(key));
        if (value is null)
        {
            return;
        }
        // Only the declared part decides whether anything changed (an observation time changes every poll).
        var fingerprint = CacheKeys.Digest((connector.Changes is null ? value : connector.Changes.Evaluate(new Scope(Item: value)))?.ToJsonString() ?? "null");
        var previous = await coordination.SwapAsync(CoordinationKeys.For("poll-last", Lease((connector, key))), fingerprint, TimeSpan.FromHours(1), cancellationToken)
            .ConfigureAwait(false);
        if (previous is not null && previous != fingerprint)
        {
            await bus.PublishAsync(Channel(connector, key), System.Text.Encoding.UTF8.GetBytes(value.ToJsonString()), cancellationToken).ConfigureAwait(false);
        }
    }

    private static string Lease((Connector Connector, string Key) watched) => $"{watched.Connector.Coordinate}:{CacheKeys.Digest(watched.Key)}";

    private sealed class Watcher(ConnectorPoller poller, (Connector, string) watched) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                poller.Unwatch(watched);
            }
        }
    }

    /// <summary>Connectors by identity (they are compiled once), keys by text.</summary>
    private sealed class WatchComparer : IEqualityComparer<(Connector Connector, string Key)>
    {
        public static readonly WatchComparer Instance = new();

        public bool Equals((Connector Connector, string Key) x, (Connector Connector, string Key) y) =>
            ReferenceEquals(x.Connector, y.Connector) && string.Equals(x.Key, y.Key, StringComparison.Ordinal);

        public int GetHashCode((Connector Connector, string Key) obj) =>
            HashCode.Combine(System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj.Connector), StringComparer.Ordinal.GetHashCode(obj.Key));
    }
}
