using Gateway.Sources.Import.Generated;

namespace Gateway.Sources.Import;

/// <summary>What an import is told: the source's name, a prefix for its names, and operations it should read differently.</summary>
public sealed record ImportOptions(string Name)
{
    /// <summary>Names a generated type never takes: GraphQL's and the gateway's own.</summary>
    public static readonly string[] ReservedTypeNames =
    [
        "Query", "Mutation", "Subscription", "String", "Int", "Float", "Boolean", "ID", "Long", "Decimal", "DateTime", "DateOnly",
        "JSON", "PageInfo", "UserError", "SortEnumType", "Node",
    ];

    /// <summary>Put before every type name and root field name (<c>Petstore</c>: <c>PetstorePet</c>, <c>petstoreListPets</c>), so sources cannot collide.</summary>
    public string Prefix { get; init; } = "";

    /// <summary>The WSDL port to import (its name, or <c>Service.Port</c>): its endpoint is the source's; null imports the first port's endpoint.</summary>
    public string? Port { get; init; }

    /// <summary>Operations (by operationId or SOAP operation name) to make query fields, whatever the rule says.</summary>
    public IReadOnlySet<string> Queries { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>Operations to make mutations, whatever the rule says.</summary>
    public IReadOnlySet<string> Mutations { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>Whether an operation is a query: as told, else <paramref name="byRule"/>.</summary>
    public bool IsQuery(string? operation, bool byRule) =>
        operation is not null && Queries.Contains(operation) || !(operation is not null && Mutations.Contains(operation)) && byRule;

    /// <summary>A root field's name with the prefix.</summary>
    public string FieldName(string name) =>
        Prefix.Length == 0 ? name : GraphQLNames.Camel(Prefix, keepValid: false) + char.ToUpperInvariant(name[0]) + name[1..];
}

/// <summary>A document the import cannot read: the message says what and where, for the command to print.</summary>
public sealed class ImportException(string message) : Exception(message);

/// <summary>An operation the import leaves out, with the reason (listed at the top of the file).</summary>
internal sealed class SkippedException(string reason) : Exception(reason);
