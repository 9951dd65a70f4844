using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Gateway.Sources.Common.Telemetry;

/// <summary>
/// What one request did upstream, for people writing sources (<c>X-Gateway-Trace: 1</c>, answered in
/// <c>extensions.trace</c>): each DataLoader batch with its source, keys, chunks and cache outcome, and each upstream
/// attempt with method, path (no host, no query: nothing that could hold a secret), status, duration, attempt number
/// and the breaker's state. It flows with the request's async calls (an <see cref="AsyncLocal{T}"/>), so loaders and
/// the upstream handlers record into it without being handed it; a request that is not traced costs one read of it.
/// </summary>
public sealed class RequestTrace
{
    /// <summary>How many of a batch's keys the trace lists (all are counted).</summary>
    public const int ListedKeys = 10;

    private static readonly AsyncLocal<RequestTrace?> CurrentTrace = new();
    private static readonly AsyncLocal<Batch?> CurrentBatch = new();

    private readonly long _started = Stopwatch.GetTimestamp();
    private readonly ConcurrentQueue<Batch> _batches = new();
    private readonly ConcurrentQueue<JsonObject> _calls = new();

    private RequestTrace()
    {
    }

    /// <summary>Starts tracing the calling flow (the request's execution) and returns the trace.</summary>
    public static RequestTrace Start() => CurrentTrace.Value = new RequestTrace();

    /// <summary>Whether the calling flow is a traced request's.</summary>
    public static bool Active => CurrentTrace.Value is not null;

    /// <summary>Opens the batch the calling flow is about to fetch, if the request is traced; its calls are recorded under it.</summary>
    public static Batch? BeginBatch(string source, string loader, int count, List<JsonNode?> listedKeys)
    {
        if (CurrentTrace.Value is not { } trace)
        {
            return null;
        }
        var batch = new Batch(source, loader, count, listedKeys);
        trace._batches.Enqueue(batch);
        CurrentBatch.Value = batch;
        return batch;
    }

    /// <summary>The batch being fetched in the calling flow, if the request is traced.</summary>
    public static Batch? CurrentBatchOf => CurrentTrace.Value is null ? null : CurrentBatch.Value;

    /// <summary>Records one upstream attempt (or a call refused before any attempt) under the current batch, or the request.</summary>
    public static void Call(string source, HttpRequestMessage request, int? status, TimeSpan duration, int attempt, string? breaker, string? error = null)
    {
        if (CurrentTrace.Value is not { } trace)
        {
            return;
        }
        var call = new JsonObject
        {
            ["source"] = source,
            ["method"] = request.Method.Method,
            ["path"] = request.RequestUri is { IsAbsoluteUri: true } uri ? uri.AbsolutePath : "",
            ["status"] = status,
            ["durationMs"] = Math.Round(duration.TotalMilliseconds, 2),
            ["attempt"] = attempt,
            ["breaker"] = breaker,
        };
        if (error is not null)
        {
            call["error"] = error;
        }
        (CurrentBatch.Value?.Calls ?? trace._calls).Enqueue(call);
    }

    /// <summary>The trace as <c>extensions.trace</c>: the batches in the order they started, then calls made outside any batch.</summary>
    public JsonObject ToJson() => new()
    {
        ["durationMs"] = Math.Round(Stopwatch.GetElapsedTime(_started).TotalMilliseconds, 2),
        ["batches"] = new JsonArray([.. _batches.Select(batch => (JsonNode)batch.ToJson())]),
        ["calls"] = new JsonArray([.. _calls.Select(call => (JsonNode)call)]),
    };

    /// <summary>One DataLoader batch: what it was asked, how it was split, what the cache answered and the calls it made.</summary>
    public sealed class Batch(string source, string loader, int keyCount, List<JsonNode?> keys) : IDisposable
    {
        private readonly long _started = Stopwatch.GetTimestamp();
        private readonly ConcurrentQueue<int> _chunks = new();
        private TimeSpan? _duration;
        private bool _cached;
        private int _hits;
        private int _misses;
        private int _shared;
        private int _stale;

        internal ConcurrentQueue<JsonObject> Calls { get; } = new();

        /// <summary>A chunk of keys sent upstream in one call.</summary>
        public void Chunk(int keys) => _chunks.Enqueue(keys);

        /// <summary>The cache's answer: fresh hits and misses (what the batch then fetches).</summary>
        public void Cache(int hits, int misses)
        {
            _cached = true;
            _hits = hits;
            _misses = misses;
        }

        /// <summary>Misses another request of this instance was already fetching, which this batch waited for instead.</summary>
        public void Shared(int keys) => _shared = keys;

        /// <summary>Stale entries served because the upstream failed (stale-if-error).</summary>
        public void Stale(int keys) => _stale = keys;

        public void Dispose() => _duration ??= Stopwatch.GetElapsedTime(_started);

        internal JsonObject ToJson() => new()
        {
            ["source"] = source,
            ["loader"] = loader,
            ["keyCount"] = keyCount,
            ["keys"] = new JsonArray([.. keys.Select(key => key?.DeepClone())]),
            ["chunks"] = new JsonArray([.. _chunks.Select(size => (JsonNode)size)]),
            ["cache"] = _cached ? new JsonObject { ["hits"] = _hits, ["misses"] = _misses, ["shared"] = _shared, ["stale"] = _stale } : null,
            ["durationMs"] = Math.Round((_duration ?? Stopwatch.GetElapsedTime(_started)).TotalMilliseconds, 2),
            ["calls"] = new JsonArray([.. Calls.Select(call => (JsonNode)call.DeepClone())]),
        };
    }
}
