using System.ComponentModel.DataAnnotations;

namespace Gateway.Sources.Common.Caching;

/// <summary>
/// How one entity of one source is cached, bound from <c>Sources:&lt;Source&gt;:Cache:&lt;Entity&gt;</c> (a named
/// option <c>source:entity</c>) over defaults the source chooses.
/// </summary>
public sealed class CachePolicy
{
    public bool Enabled { get; set; } = true;

    /// <summary>How long an entry is fresh.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "30.00:00:00")]
    public TimeSpan Ttl { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long after <see cref="Ttl"/> a stale entry is kept to serve when the upstream fails.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "30.00:00:00")]
    public TimeSpan Grace { get; set; } = TimeSpan.FromMinutes(10);

    public static string Name(string source, string entity) => $"{source}:{entity}";
}
