namespace Gateway.Caching;

/// <summary><c>Gateway:Cache</c>.</summary>
public sealed class GatewayCacheOptions
{
    public const string SectionName = "Gateway:Cache";

    /// <summary>False turns all upstream caching off (for measuring what it is worth).</summary>
    public bool Enabled { get; set; } = true;
}
