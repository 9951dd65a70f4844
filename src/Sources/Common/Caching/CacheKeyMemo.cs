using System.Collections.Concurrent;

namespace Gateway.Sources.Common.Caching;

/// <summary>
/// Cache entry names already worked out, by loader key. The same keys come back request after request (the same
/// customers, addresses, points), and working a name out (a digest, a normalising expression, formatting) costs far
/// more than looking it up: the 50-customer query built 200 names per request, a fifth of what it allocated. Bounded:
/// past its capacity it starts over, so a stream of distinct keys costs memory once, not without end.
/// </summary>
public sealed class CacheKeyMemo<TKey>(int capacity = CacheKeyMemo<TKey>.DefaultCapacity) where TKey : notnull
{
    public const int DefaultCapacity = 10_000;

    private readonly ConcurrentDictionary<TKey, string> _names = new();

    public int Count => _names.Count;

    /// <summary>The name of <paramref name="key"/>, made by <paramref name="make"/> (with <paramref name="state"/>) the first time.</summary>
    public string GetOrAdd<TState>(TKey key, Func<TKey, TState, string> make, TState state)
    {
        ArgumentNullException.ThrowIfNull(make);
        if (_names.TryGetValue(key, out var name))
        {
            return name;
        }
        name = make(key, state);
        if (_names.Count >= capacity)
        {
            _names.Clear();
        }
        _names.TryAdd(key, name);
        return name;
    }
}
