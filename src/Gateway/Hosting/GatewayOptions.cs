using System.ComponentModel.DataAnnotations;

namespace Gateway.Hosting;

/// <summary>Settings of the gateway host itself, bound from <c>Gateway</c>.</summary>
public sealed class GatewayOptions
{
    public const string SectionName = "Gateway";

    /// <summary>Largest request body accepted on <c>/graphql</c>; larger bodies get 413.</summary>
    [Range(1024, 64 * 1024 * 1024)]
    public long MaxRequestBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// Longest request target (path and query string) of a GET; longer ones get a 414 that says to use POST. Kestrel
    /// itself reads request lines up to <see cref="KestrelRequestLineBytes"/>, so ours is the answer clients see.
    /// </summary>
    [Range(1024, KestrelRequestLineBytes - 1024)]
    public int MaxUrlBytes { get; set; } = 64 * 1024;

    /// <summary>Kestrel's own bound on the request line; past it Kestrel answers 414 without a body.</summary>
    public const int KestrelRequestLineBytes = 1024 * 1024;

    /// <summary>
    /// No request waits longer for its upstreams: calls still pending then become UPSTREAM_TIMEOUT errors at their
    /// fields, and what finished is returned.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How many parsed documents are kept, keyed by query text.</summary>
    [Range(1, 1_000_000)]
    public int DocumentCacheSize { get; set; } = 1000;
}
