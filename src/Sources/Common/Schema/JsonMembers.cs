using System.Text.Json.Nodes;

namespace Gateway.Sources.Common.Schema;

/// <summary>
/// Reads members of the JSON objects declarative sources resolve with: by name or, when there is no member of that
/// name, by the name with its first letter in the other case, so a SOAP answer's <c>PostalCode</c> element answers
/// the GraphQL field <c>postalCode</c>. Code-first fields added to a declarative type read their parent through this.
/// </summary>
public static class JsonMembers
{
    /// <summary>Names with their first letter in the other case, made once per name (the names of a schema and its files are few).</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string?> Alternates = new(StringComparer.Ordinal);

    public static JsonNode? Find(JsonObject obj, string name)
    {
        if (obj.TryGetPropertyValue(name, out var value))
        {
            return value;
        }
        var alternate = Alternates.GetOrAdd(name, static name =>
        {
            if (name.Length == 0)
            {
                return null;
            }
            var first = name[0];
            var other = char.IsUpper(first) ? char.ToLowerInvariant(first) : char.ToUpperInvariant(first);
            return other == first ? null : other + name[1..];
        });
        return alternate is not null && obj.TryGetPropertyValue(alternate, out var found) ? found : null;
    }

    /// <summary>A member of a parent as text (a declarative item's <c>Id</c> for <c>id</c>), or null when it has none.</summary>
    public static string? Text(object? parent, string name) =>
        parent is JsonObject obj && Find(obj, name) is JsonValue value
            ? value.TryGetValue<string>(out var text) ? text : value.ToJsonString()
            : null;
}
