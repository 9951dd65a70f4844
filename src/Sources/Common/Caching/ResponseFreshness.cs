namespace Gateway.Sources.Common.Caching;

/// <summary>
/// How long the answer to one request stays fresh, worked out from what it was built from, for HTTP caching of GET
/// responses: the smallest remaining freshness of the cached entities it read (a fresh hit's remaining TTL, a
/// fetched entity's whole TTL); unknown once anything came from an upstream call that has no cache policy (a page,
/// a search); stale when a stale entry was served; personal when a header of the caller's went upstream. It flows
/// with the request's async calls (an <see cref="AsyncLocal{T}"/>), like the request trace.
/// </summary>
public sealed class ResponseFreshness
{
    private static readonly AsyncLocal<ResponseFreshness?> Current = new();
    private static readonly AsyncLocal<bool> InCachedFetch = new();

    private readonly Lock _lock = new();
    private TimeSpan? _remaining;

    private ResponseFreshness()
    {
    }

    /// <summary>The smallest remaining freshness of the entities read; null when none was.</summary>
    public TimeSpan? Remaining
    {
        get
        {
            lock (_lock)
            {
                return _remaining;
            }
        }
    }

    /// <summary>Something of the answer came from an upstream call without a cache policy: its freshness is unknown.</summary>
    public bool Unknown { get; private set; }

    /// <summary>A stale entry was served (the upstream failed): the answer must not be stored.</summary>
    public bool Stale { get; private set; }

    /// <summary>A header of the caller's went upstream with a call: the answer may be the caller's own.</summary>
    public bool Personal { get; private set; }

    /// <summary>Starts following the calling flow (a GET request's execution).</summary>
    public static ResponseFreshness Start() => Current.Value = new ResponseFreshness();

    /// <summary>The freshness the calling flow follows, if any: read once by a loop that reports many entities.</summary>
    public static ResponseFreshness? Following => Current.Value;

    /// <summary>An entity of the answer, fresh for <paramref name="remaining"/> more.</summary>
    public void Entity(TimeSpan remaining)
    {
        lock (_lock)
        {
            _remaining = _remaining is { } known && known <= remaining ? known : remaining;
        }
    }

    /// <summary>The calling flow fetches cached entities (whose calls are accounted for by their TTL); call inside the fetching async method.</summary>
    public static void EnterCachedFetch()
    {
        if (Current.Value is not null)
        {
            InCachedFetch.Value = true;
        }
    }

    /// <summary>An upstream call was made; outside a cached fetch, what it answered has no known freshness.</summary>
    public static void UpstreamCall()
    {
        if (Current.Value is { } freshness && !InCachedFetch.Value)
        {
            freshness.Unknown = true;
        }
    }

    /// <summary>Entities were read without a cache policy (caching turned off for them).</summary>
    public static void Uncached()
    {
        if (Current.Value is { } freshness)
        {
            freshness.Unknown = true;
        }
    }

    public static void StaleServed()
    {
        if (Current.Value is { } freshness)
        {
            freshness.Stale = true;
        }
    }

    public static void CallerHeaderForwarded()
    {
        if (Current.Value is { } freshness)
        {
            freshness.Personal = true;
        }
    }
}
