using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using GraphQL.Types;

namespace Gateway.Sources.Declarative.Schema;

/// <summary>
/// A value a source file builds for one of the gateway's code-first object types (<c>PageInfo</c>, <c>UserError</c>):
/// the JSON read into the CLR type that graph type resolves from (<c>ObjectGraphType&lt;PageInfo&gt;</c>), by its
/// property names in any case. A graph type without a CLR source type takes the JSON as it is.
/// </summary>
internal static class CodeFirstValues
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);
    private static readonly ConcurrentDictionary<Type, Type?> SourceTypes = new();

    public static object? From(JsonNode? node, IGraphType? type)
    {
        if (node is null || Unwrapped(type) is not IObjectGraphType target || SourceType(target) is not { } clr)
        {
            return node;
        }
        return node.Deserialize(clr, Web);
    }

    /// <summary>The named type under non-null and list wrappers.</summary>
    public static IGraphType? Unwrapped(IGraphType? type) => type switch
    {
        NonNullGraphType nonNull => Unwrapped(nonNull.ResolvedType),
        ListGraphType list => Unwrapped(list.ResolvedType),
        _ => type,
    };

    private static Type? SourceType(IObjectGraphType type) => SourceTypes.GetOrAdd(type.GetType(), static graphType =>
    {
        for (var current = graphType; current is not null; current = current.BaseType)
        {
            if (current.IsGenericType && current.GetGenericTypeDefinition() == typeof(ObjectGraphType<>))
            {
                var source = current.GetGenericArguments()[0];
                return source == typeof(object) || typeof(JsonNode).IsAssignableFrom(source) ? null : source;
            }
        }
        return null;
    });
}
