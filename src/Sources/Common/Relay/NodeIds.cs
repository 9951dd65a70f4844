using GraphQL.Types;

namespace Gateway.Sources.Common.Relay;

/// <summary>
/// Arguments and input fields that name objects of a <c>Node</c> type take both forms of its id: the upstream's own
/// (<c>"1"</c>, what callers have always sent) and the global id a Relay app holds. A global id of the right type
/// becomes its local id while the request is validated, before any resolver, key or check sees it; a global id of
/// another type is a validation error naming the argument; any other text is a local id and goes on as it is.
/// </summary>
public static class NodeIds
{
    /// <summary>Makes <paramref name="argument"/> (an <c>ID</c> or a list of them) take global ids of <paramref name="typeName"/> too.</summary>
    public static QueryArgument TakesIdsOf(this QueryArgument argument, string typeName)
    {
        argument.Parser = LocalIds(typeName);
        return argument;
    }

    /// <summary>The same for an input field (set as its <see cref="FieldType.Parser"/>).</summary>
    public static Func<object, object> LocalIds(string typeName) => value => value switch
    {
        string id => LocalId(id, typeName),
        IEnumerable<object?> ids => ids.Select(id => id is string text ? LocalId(text, typeName) : id).ToArray(),
        _ => value,
    };

    /// <summary>The local id <paramref name="id"/> stands for.</summary>
    /// <exception cref="FormatException">It is the global id of another type.</exception>
    public static string LocalId(string id, string typeName) =>
        !GlobalId.TryDecode(id, out var type, out var local) ? id
        : type == typeName ? local
        : throw new FormatException($"The id names a {type}, not a {typeName}.");
}
