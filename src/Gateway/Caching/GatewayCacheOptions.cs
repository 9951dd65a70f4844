namespace Gateway.Caching;

/// <summary><c>Gateway:Cache</c>.</summary>
public sealed class GatewayCacheOptions
{
    public const string SectionName = "Gateway:Cache";

    /// <summary>False turns all upstream caching off (for measuring what it is worth).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// With Redis: how long this instance keeps its own copy of an entry it read or wrote, so repeated reads skip
    /// the Redis round trip (never past the entry's freshness; invalidations reach every instance over pub/sub).
    /// Zero reads Redis every time.
    /// </summary>
    [System.ComponentModel.DataAnnotations.Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan LocalTtl { get; set; } = TimeSpan.FromSeconds(5);
}
