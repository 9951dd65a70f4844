using System.ComponentModel.DataAnnotations;
using Gateway.Sources.Common.Options;

namespace Gateway.Sources.Declarative.Connectors;

/// <summary><c>Sources:&lt;Name&gt;</c> of a declarative source: the keys of every source (a named option per source).</summary>
public sealed class DeclarativeSourceOptions : SourceOptions
{
    /// <summary>How often the source's subscription fields poll the keys that have subscribers (once per interval across all instances).</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "01:00:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(10);
}
