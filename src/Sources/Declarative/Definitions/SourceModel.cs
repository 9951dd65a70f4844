using Gateway.Sources.Declarative.Connectors;
using GraphQLParser.AST;

namespace Gateway.Sources.Declarative.Definitions;

/// <summary>Everything the source files declare, checked: the types they own, the fields they add, how each is fetched.</summary>
public sealed class SourceModel
{
    /// <summary>The folder the sources were read from (each source a subfolder of it).</summary>
    public string? Folder { get; set; }

    /// <summary>The declared source names (their folders), in load order.</summary>
    public List<string> Sources { get; } = [];

    /// <summary>Object, enum and input types the files own, by name.</summary>
    public Dictionary<string, DeclaredType> Types { get; } = new(StringComparer.Ordinal);

    /// <summary>Fields the files add to types they do not own (<c>extend type Money { … }</c>), by target type.</summary>
    public Dictionary<string, List<DeclaredField>> Extensions { get; } = new(StringComparer.Ordinal);

    /// <summary>How values of an owned type are loaded by key (<c>type Weather @connect(…)</c>), by type name.</summary>
    public Dictionary<string, TypeConnector> TypeConnectors { get; } = new(StringComparer.Ordinal);

    /// <summary>Every fetch the files declare, once each.</summary>
    public IEnumerable<Fetch> Fetches => TypeConnectors.Values.Select(t => t.Fetch)
        .Concat(Extensions.Values.SelectMany(fields => fields).Where(declared => declared.Connector is not null).Select(declared => declared.Connector!.Fetch))
        .Distinct<Fetch>(ReferenceEqualityComparer.Instance);

    /// <summary>Names the files use that no file defines: the gateway's code-first types, checked once the schema is built.</summary>
    public List<TypeReference> ExternalReferences { get; } = [];

    /// <summary>The types <c>@nodeId</c> names, checked once the schema is built to be object types implementing Node.</summary>
    public List<TypeReference> NodeIdReferences { get; } = [];
}

/// <summary>A use of a type name, with the error to report at its place if the schema has no such type.</summary>
public sealed record TypeReference(string Name, SourceText File, int Offset, string Problem)
{
    public SourceFileException Error() => File.Error(Offset, Problem);
}

/// <summary>A type's <c>@connect</c>: the fetch of one value by key, and how the value is taken from the item.</summary>
public sealed record TypeConnector(Fetch Fetch, Expressions.Expression? Select);

/// <summary>A type a source file owns.</summary>
public sealed record DeclaredType(string Source, SourceText File, GraphQLTypeDefinition Definition);

/// <summary>A field a source file adds to another type, with its connector when it fetches.</summary>
public sealed record DeclaredField(string Source, SourceText File, GraphQLFieldDefinition Definition, Connector? Connector, EventFeed? Events = null);
