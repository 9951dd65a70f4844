using System.Text.Json.Nodes;

namespace Gateway.Sources.Common.Schema;

/// <summary>
/// Reads members of the JSON objects declarative sources resolve with: by name or, when there is no member of that
/// name, by the name with its first letter in the other case, so a SOAP answer's <c>PostalCode</c> element answers
/// the GraphQL field <c>postalCode</c>. Code-first fields added to a declarative type read their parent through this.
/// </summary>
public static class JsonMembers
{
    public static JsonNode? Find(JsonObject obj, string name)
    {
        if (obj.TryGetPropertyValue(name, out var value) || name.Length == 0)
        {
            return value;
        }
        var first = name[0];
        var other = char.IsUpper(first) ? char.ToLowerInvariant(first) : char.ToUpperInvariant(first);
        return other == first ? null : obj[string.Create(name.Length, (name, other), static (span, state) =>
        {
            state.name.AsSpan().CopyTo(span);
            span[0] = state.other;
        })];
    }

    /// <summary>A member of a parent as text (a declarative item's <c>Id</c> for <c>id</c>), or null when it has none.</summary>
    public static string? Text(object? parent, string name) =>
        parent is JsonObject obj && Find(obj, name) is JsonValue value
            ? value.TryGetValue<string>(out var text) ? text : value.ToJsonString()
            : null;
}
