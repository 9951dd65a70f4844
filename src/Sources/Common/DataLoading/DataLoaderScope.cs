using Gateway.Sources.Common.Resilience;

namespace Gateway.Sources.Common.DataLoading;

/// <summary>
/// What the DataLoaders of one request share: its deadline, and the list of loaders, so a subscription can clear
/// their per-request memory before each event (an event is a new point in time; what was loaded for the
/// previous one may have changed). Scoped: one per request or subscription operation.
/// </summary>
public sealed class DataLoaderScope(RequestDeadline deadline)
{
    private readonly List<IMemoizingLoader> _loaders = [];
    private readonly Lock _gate = new();

    public RequestDeadline Deadline { get; } = deadline;

    internal void Register(IMemoizingLoader loader)
    {
        lock (_gate)
        {
            _loaders.Add(loader);
        }
    }

    /// <summary>Forgets what every loader of this scope loaded.</summary>
    public void ClearMemos()
    {
        lock (_gate)
        {
            foreach (var loader in _loaders)
            {
                loader.ClearMemo();
            }
        }
    }
}

internal interface IMemoizingLoader
{
    void ClearMemo();
}
