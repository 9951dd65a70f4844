using System.Collections.Concurrent;

namespace Gateway.Sources.Common.Caching;

/// <summary>
/// Stampede protection within one instance: while a key is being fetched, other requests for it wait for that
/// fetch instead of starting their own. Keys are full cache keys, so entities of different sources never meet.
/// </summary>
public sealed class SingleFlight
{
    private readonly ConcurrentDictionary<string, Task> _inFlight = new(StringComparer.Ordinal);

    /// <summary>Claims <paramref name="key"/>: true with a completion to fulfil, or false with the fetch already running.</summary>
    public bool TryClaim<T>(string key, out TaskCompletionSource<T> claim, out Task<T> running)
    {
        claim = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        var existing = _inFlight.GetOrAdd(key, claim.Task);
        running = (Task<T>)existing;
        return ReferenceEquals(existing, claim.Task);
    }

    public void Release(string key, Task task) => _inFlight.TryRemove(new KeyValuePair<string, Task>(key, task));

    public int Count => _inFlight.Count;
}
