using Gateway.Sources.Common.Telemetry;
using Gateway.Sources.Common.Errors;
using Gateway.Sources.Common.Resilience;
using GraphQL;
using GraphQL.DataLoader;

namespace Gateway.Sources.Common.DataLoading;

/// <summary>
/// Collects the keys that one execution level asks for and fetches them in one batch. GraphQL.NET's execution
/// strategies resolve every field of a level before awaiting any <see cref="IDataLoaderResult"/>, so all keys of
/// a level are queued when the first result is awaited; that await dispatches the batch. Keys are deduplicated,
/// and a batch larger than <see cref="ChunkSize"/> is split into chunks fetched in parallel.
/// Register loaders scoped: one instance per GraphQL request.
/// </summary>
public abstract class BatchDataLoader<TKey, TValue> : IMemoizingLoader where TKey : notnull
{
    private readonly RequestDeadline _deadline;
    private readonly Lock _gate = new();
    // What this request loaded: the batches' own answers, searched in order (the first answer for a key wins), and
    // the values primed, which win over both. Nothing is copied from a batch's answer.
    private readonly List<IReadOnlyDictionary<TKey, LoadResult<TValue>>> _answered = [];
    private Dictionary<TKey, LoadResult<TValue>>? _primed;
    private Batch? _pending;

    /// <param name="scope">The request's loaders and deadline; upstream calls the deadline cuts off fail their keys with UPSTREAM_TIMEOUT.</param>
    protected BatchDataLoader(DataLoaderScope scope)
    {
        _deadline = scope.Deadline;
        scope.Register(this);
    }

    void IMemoizingLoader.ClearMemo()
    {
        lock (_gate)
        {
            _answered.Clear();
            _primed = null;
        }
    }

    /// <summary>Name of the upstream, used in errors.</summary>
    protected abstract string SourceName { get; }

    /// <summary>Largest number of keys sent to the upstream in one call.</summary>
    protected virtual int ChunkSize => 100;

    /// <summary>
    /// Queues <paramref name="key"/> for the current batch, as <paramref name="field"/>'s value: its error is thrown for
    /// the field, and a value served stale is reported at the field's path. A key already loaded in this request is
    /// answered from memory, so an entity reached by two paths is fetched once.
    /// </summary>
    public IDataLoaderResult<TValue?> Load(TKey key, IResolveFieldContext field)
    {
        lock (_gate)
        {
            if (TryGetLoaded(key, out var known))
            {
                return new Completed<TValue?>(() => known.ValueFor(field));
            }
            _pending ??= new Batch(this);
            _pending.Keys.Add(key);
            return new KeyResult(_pending, key, field);
        }
    }

    /// <summary>
    /// <see cref="Load(TKey, IResolveFieldContext)"/>, answering what <paramref name="map"/> makes of a loaded value
    /// (null stays null). The map is a static function with its <paramref name="state"/>, held by the one result
    /// object, so a field costs no closure, delegate or continuation of its own.
    /// </summary>
    public IDataLoaderResult Load<TState>(TKey key, IResolveFieldContext field, Func<TValue, TState, IResolveFieldContext, object?> map, TState state)
    {
        lock (_gate)
        {
            if (TryGetLoaded(key, out var known))
            {
                return new MappedKnownResult<TState>(known, field, map, state);
            }
            _pending ??= new Batch(this);
            _pending.Keys.Add(key);
            return new MappedKeyResult<TState>(_pending, key, field, map, state);
        }
    }

    /// <summary>Queues all <paramref name="keys"/>; the result keeps their order and per-key outcome.</summary>
    public IDataLoaderResult<IReadOnlyList<LoadResult<TValue>>> LoadMany(IReadOnlyList<TKey> keys)
    {
        lock (_gate)
        {
            _pending ??= new Batch(this);
            foreach (var key in keys)
            {
                if (!TryGetLoaded(key, out _))
                {
                    _pending.Keys.Add(key);
                }
            }
            return new ManyResult(this, _pending, keys);
        }
    }

    /// <summary>
    /// Records a value obtained another way (a search result, a mutation's answer), so later loads of
    /// <paramref name="key"/> in this request need no upstream call.
    /// </summary>
    public void Prime(TKey key, TValue value)
    {
        lock (_gate)
        {
            (_primed ??= [])[key] = LoadResult<TValue>.Found(value);
        }
    }

    /// <summary>What this request already loaded for <paramref name="key"/>; under <c>_gate</c>.</summary>
    private bool TryGetLoaded(TKey key, out LoadResult<TValue> result)
    {
        if (_primed is not null && _primed.TryGetValue(key, out result))
        {
            return true;
        }
        foreach (var answered in _answered)
        {
            if (answered.TryGetValue(key, out result))
            {
                return true;
            }
        }
        result = default;
        return false;
    }

    /// <summary>Fetches one chunk of distinct keys with one upstream call. A key missing from the answer is null.</summary>
    protected abstract Task<IReadOnlyDictionary<TKey, LoadResult<TValue>>> FetchChunkAsync(
        IReadOnlyList<TKey> keys, CancellationToken cancellationToken);

    /// <summary>
    /// Loads a whole batch of distinct keys. The default splits it into chunks; caching loaders override this to
    /// serve hits and pass only the misses on.
    /// </summary>
    protected virtual async Task<IReadOnlyDictionary<TKey, LoadResult<TValue>>> FetchBatchAsync(
        IReadOnlyList<TKey> keys, CancellationToken cancellationToken)
    {
        if (keys.Count <= ChunkSize)
        {
            return await FetchGuardedAsync(keys, cancellationToken).ConfigureAwait(false);
        }

        var chunks = keys.Chunk(ChunkSize).Select(chunk => FetchGuardedAsync(chunk, cancellationToken));
        var results = new Dictionary<TKey, LoadResult<TValue>>(keys.Count);
        foreach (var chunk in await Task.WhenAll(chunks).ConfigureAwait(false))
        {
            foreach (var (key, value) in chunk)
            {
                results[key] = value;
            }
        }
        return results;
    }

    /// <summary>
    /// One batch as telemetry sees it: a span (child of the operation's, parent of the upstream calls) with the
    /// source, loader and batch size, and the batch-size histogram. Caching loaders add their hits and misses.
    /// </summary>
    private async Task<IReadOnlyDictionary<TKey, LoadResult<TValue>>> TracedFetchBatchAsync(
        IReadOnlyList<TKey> keys, CancellationToken cancellationToken)
    {
        var loaderName = LoaderName;
        GatewayTelemetry.BatchSize.Record(keys.Count,
            new KeyValuePair<string, object?>("gateway.source", SourceName), new KeyValuePair<string, object?>("gateway.dataloader", loaderName));
        using var activity = GatewayTelemetry.ActivitySource.StartActivity($"DataLoader {loaderName}");
        activity?.SetTag("gateway.source", SourceName);
        activity?.SetTag("gateway.dataloader", loaderName);
        activity?.SetTag("gateway.dataloader.batch_size", keys.Count);
        using var traced = RequestTrace.Active ? RequestTrace.BeginBatch(SourceName, loaderName, keys.Count, [.. keys.Take(RequestTrace.ListedKeys).Select(TraceKey)]) : null;
        var results = await FetchBatchAsync(keys, cancellationToken).ConfigureAwait(false);
        if (activity is not null)
        {
            var failed = results.Values.Count(result => result.Error is not null);
            activity.SetTag("gateway.dataloader.errors", failed);
            if (failed > 0)
            {
                activity.SetStatus(System.Diagnostics.ActivityStatusCode.Error);
            }
        }
        return results;
    }

    /// <summary>A key as a request trace lists it (its text, unless the loader knows better).</summary>
    protected virtual System.Text.Json.Nodes.JsonNode? TraceKey(TKey key) => key.ToString();

    /// <summary>The loader's name for telemetry: its type name without the <c>DataLoader</c> suffix.</summary>
    protected virtual string LoaderName => _loaderName ??= GetType().Name.Replace("DataLoader", "", StringComparison.Ordinal);

    private string? _loaderName;

    /// <summary>A failing chunk fails its own keys only, with a client-safe error.</summary>
    private async Task<IReadOnlyDictionary<TKey, LoadResult<TValue>>> FetchGuardedAsync(
        IReadOnlyList<TKey> keys, CancellationToken cancellationToken)
    {
        try
        {
            using var both = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _deadline.Token);
            RequestTrace.CurrentBatchOf?.Chunk(keys.Count);
            return await FetchChunkAsync(keys, both.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested || (_deadline.Token.IsCancellationRequested && !_deadline.Expired))
        {
            throw;
        }
        catch (Exception ex)
        {
            var error = ex switch
            {
                GatewayError gatewayError => gatewayError,
                OperationCanceledException when _deadline.Expired => new UpstreamTimeoutError(SourceName, ex),
                _ => new UpstreamError(SourceName, $"The {SourceName} upstream failed.", ex),
            };
            var failed = new Dictionary<TKey, LoadResult<TValue>>(keys.Count);
            foreach (var key in keys)
            {
                failed[key] = LoadResult<TValue>.Failed(error);
            }
            return failed;
        }
    }

    private sealed class Batch(BatchDataLoader<TKey, TValue> loader)
    {
        private Task<IReadOnlyDictionary<TKey, LoadResult<TValue>>>? _task;

        private async Task<IReadOnlyDictionary<TKey, LoadResult<TValue>>> RememberAsync(
            Task<IReadOnlyDictionary<TKey, LoadResult<TValue>>> fetch)
        {
            var results = await fetch.ConfigureAwait(false);
            lock (loader._gate)
            {
                loader._answered.Add(results);
            }
            return results;
        }

        public HashSet<TKey> Keys { get; } = [];

        public Task<IReadOnlyDictionary<TKey, LoadResult<TValue>>> DispatchAsync(CancellationToken cancellationToken)
        {
            lock (loader._gate)
            {
                if (_task is null)
                {
                    // Keys queued from now on belong to the next level's batch.
                    if (ReferenceEquals(loader._pending, this))
                    {
                        loader._pending = null;
                    }
                    // A batch whose keys were all answered from memory makes no upstream call.
                    _task = Keys.Count == 0
                        ? Task.FromResult<IReadOnlyDictionary<TKey, LoadResult<TValue>>>(new Dictionary<TKey, LoadResult<TValue>>())
                        : RememberAsync(loader.TracedFetchBatchAsync([.. Keys], cancellationToken));
                }
                return _task;
            }
        }
    }

    private sealed class Completed<T>(Func<T> get) : IDataLoaderResult<T>
    {
        public Task<T> GetResultAsync(CancellationToken cancellationToken = default) => Task.FromResult(get());

        Task<object?> IDataLoaderResult.GetResultAsync(CancellationToken cancellationToken) => Task.FromResult<object?>(get());
    }

    private sealed class KeyResult(Batch batch, TKey key, IResolveFieldContext field) : IDataLoaderResult<TValue?>
    {
        public async Task<TValue?> GetResultAsync(CancellationToken cancellationToken = default)
        {
            var results = await batch.DispatchAsync(cancellationToken).ConfigureAwait(false);
            return results.TryGetValue(key, out var result) ? result.ValueFor(field) : default;
        }

        async Task<object?> IDataLoaderResult.GetResultAsync(CancellationToken cancellationToken) =>
            await GetResultAsync(cancellationToken).ConfigureAwait(false);
    }

    private sealed class MappedKeyResult<TState>(
        Batch batch, TKey key, IResolveFieldContext field, Func<TValue, TState, IResolveFieldContext, object?> map, TState state) : IDataLoaderResult
    {
        public async Task<object?> GetResultAsync(CancellationToken cancellationToken = default)
        {
            var results = await batch.DispatchAsync(cancellationToken).ConfigureAwait(false);
            return results.TryGetValue(key, out var result) && result.ValueFor(field) is { } value ? map(value, state, field) : null;
        }
    }

    private sealed class MappedKnownResult<TState>(
        LoadResult<TValue> known, IResolveFieldContext field, Func<TValue, TState, IResolveFieldContext, object?> map, TState state) : IDataLoaderResult
    {
        public Task<object?> GetResultAsync(CancellationToken cancellationToken = default) =>
            Task.FromResult(known.ValueFor(field) is { } value ? map(value, state, field) : null);
    }

    private sealed class ManyResult(BatchDataLoader<TKey, TValue> loader, Batch batch, IReadOnlyList<TKey> keys)
        : IDataLoaderResult<IReadOnlyList<LoadResult<TValue>>>
    {
        public async Task<IReadOnlyList<LoadResult<TValue>>> GetResultAsync(CancellationToken cancellationToken = default)
        {
            var results = await batch.DispatchAsync(cancellationToken).ConfigureAwait(false);
            var ordered = new LoadResult<TValue>[keys.Count];
            lock (loader._gate)
            {
                for (var i = 0; i < keys.Count; i++)
                {
                    ordered[i] = results.TryGetValue(keys[i], out var result) ? result : loader.TryGetLoaded(keys[i], out var known) ? known : default;
                }
            }
            return ordered;
        }

        async Task<object?> IDataLoaderResult.GetResultAsync(CancellationToken cancellationToken) =>
            await GetResultAsync(cancellationToken).ConfigureAwait(false);
    }
}
