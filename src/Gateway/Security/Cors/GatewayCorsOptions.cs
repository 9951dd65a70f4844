using System.ComponentModel.DataAnnotations;

namespace Gateway.Security.Cors;

/// <summary>
/// <c>Gateway:Cors</c>: which browser origins may call the gateway. None in Production until configured; in
/// Development, any <c>localhost</c> origin when none is listed.
/// </summary>
public sealed class GatewayCorsOptions
{
    public const string SectionName = "Gateway:Cors";

    /// <summary>Origins such as <c>https://app.example.com</c>, compared exactly (scheme, host and port).</summary>
    public string[] AllowedOrigins { get; set; } = [];

    /// <summary>Whether browsers may send cookies and HTTP authentication (never with a wildcard origin).</summary>
    public bool AllowCredentials { get; set; }

    /// <summary>Response headers scripts on an allowed origin may read.</summary>
    public string[] ExposedHeaders { get; set; } = ["Retry-After", "WWW-Authenticate"];

    /// <summary>How long a browser may cache a preflight's answer.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromMinutes(10);
}
