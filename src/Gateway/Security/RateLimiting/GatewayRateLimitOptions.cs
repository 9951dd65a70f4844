using System.ComponentModel.DataAnnotations;

namespace Gateway.Security.RateLimiting;

/// <summary>
/// <c>Gateway:RateLimit</c>: a token bucket per client on <c>/graphql</c>. A client is the token's subject when it
/// sent a valid token, else its IP address (behind a proxy, set <c>Gateway:TrustedProxies</c> so the address is the
/// client's, not the proxy's).
/// </summary>
public sealed class GatewayRateLimitOptions
{
    public const string SectionName = "Gateway:RateLimit";

    public bool Enabled { get; set; } = true;

    /// <summary>Requests a client regains per <see cref="Period"/>: the sustained rate.</summary>
    [Range(1, 1_000_000)]
    public int PermitsPerPeriod { get; set; } = 50;

    /// <summary>How often <see cref="PermitsPerPeriod"/> are given back.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "1.00:00:00")]
    public TimeSpan Period { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Requests a client may make at once after being idle (the bucket's size).</summary>
    [Range(1, 1_000_000)]
    public int Burst { get; set; } = 100;
}
