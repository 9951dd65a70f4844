namespace Gateway.Playground;

/// <summary><c>Playground</c>: Banana Cake Pop at the GraphQL endpoint.</summary>
public sealed class PlaygroundOptions
{
    public const string SectionName = "Playground";

    /// <summary>On in Development, off elsewhere unless set.</summary>
    public bool? Enabled { get; set; }

    /// <summary>The IDE's title.</summary>
    public string Title { get; set; } = "GraphQL API gateway";

    /// <summary>Where the IDE's files are; by default the build's <c>playground</c> folder.</summary>
    public string? Directory { get; set; }
}
