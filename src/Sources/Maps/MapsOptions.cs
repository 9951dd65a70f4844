using Gateway.Sources.Common.Options;

namespace Gateway.Sources.Maps;

/// <summary><c>Sources:Maps</c>.</summary>
public sealed class MapsOptions : SourceOptions
{
    public const string SectionName = "Sources:Maps";
    public const string SourceName = "maps";
}
