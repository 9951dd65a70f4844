namespace Gateway.Sources.Import.Generated;

/// <summary>
/// A source file as an import builds it, before it is written: the types it owns, the root fields it adds, and
/// what the import left out and why. Written by <see cref="SourceFileWriter"/> in a fixed order, so the same
/// document always gives the same file.
/// </summary>
public sealed class GeneratedSource
{
    /// <summary>The source's name: its folder under <c>sources/</c> and its configuration section.</summary>
    public required string Name { get; init; }

    /// <summary>Lines for the file's header comment: where it came from and how it was made.</summary>
    public List<string> Header { get; } = [];

    public List<GeneratedType> Types { get; } = [];

    public List<GeneratedField> Queries { get; } = [];

    public List<GeneratedField> Mutations { get; } = [];

    /// <summary>What the import could not turn into fields, each with its reason (written as comments).</summary>
    public List<string> Skipped { get; } = [];

    /// <summary>The upstream's address, for the folder's <c>source.json</c> (<c>Sources:&lt;Name&gt;:BaseUrl</c>).</summary>
    public string? BaseUrl { get; set; }
}

public enum GeneratedKind
{
    Object,
    Input,
    Enum,
    Union,
}

/// <summary>One type of a generated file.</summary>
public sealed class GeneratedType
{
    public required GeneratedKind Kind { get; init; }

    public required string Name { get; init; }

    public string? Description { get; set; }

    public List<GeneratedField> Fields { get; } = [];

    /// <summary>An enum's values: the GraphQL name and, when it differs, the upstream's spelling.</summary>
    public List<(string Name, string? Upstream, string? Description)> Values { get; } = [];

    /// <summary>A union's members.</summary>
    public List<string> Members { get; } = [];

    /// <summary>A union's discriminator property and, per member type, the values that name it.</summary>
    public (string Property, List<(string Type, List<string> Values)> Values)? Discriminator { get; set; }

    /// <summary>An input of which exactly one field is given (<c>@oneOf</c>).</summary>
    public bool OneOf { get; set; }

    /// <summary>An input sent as its one given field's value (<c>@inline</c>, with <see cref="OneOf"/>).</summary>
    public bool Inline { get; set; }
}

/// <summary>A field, input field or argument of a generated file.</summary>
public sealed class GeneratedField
{
    public required string Name { get; init; }

    /// <summary>The GraphQL type, as SDL (<c>[Pet!]!</c>).</summary>
    public required string Type { get; set; }

    public string? Description { get; set; }

    /// <summary>The upstream's name when it differs from <see cref="Name"/> (<c>@from</c>).</summary>
    public string? Upstream { get; set; }

    public string? Deprecated { get; set; }

    /// <summary>A default value, as a GraphQL literal.</summary>
    public string? Default { get; set; }

    public List<GeneratedField> Arguments { get; } = [];

    /// <summary>The <c>@connect</c> arguments in the order written: strings, written quoted, or <c>true</c>.</summary>
    public List<(string Name, object Value)> Connect { get; } = [];

    /// <summary>Other directives of the field, as SDL (<c>@userError(fault: "NotFound", …)</c>).</summary>
    public List<string> Directives { get; } = [];

    /// <summary>The operation this field was made from (<c>GET /pets/{petId}</c>, <c>GetCustomer</c>), as a comment.</summary>
    public string? Origin { get; set; }
}
