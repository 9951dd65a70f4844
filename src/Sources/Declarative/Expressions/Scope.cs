using System.Text.Json.Nodes;

namespace Gateway.Sources.Declarative.Expressions;

/// <summary>What an expression can read: the parent object, the field's arguments, the key(s), the page asked for (<c>$page</c>, on a paged connector) and the current item.</summary>
public sealed record Scope(JsonNode? This = null, JsonNode? Args = null, JsonNode? Key = null, JsonNode? Keys = null, JsonNode? Item = null,
    JsonNode? Page = null)
{
    public const string ThisVariable = "this";
    public const string ArgsVariable = "args";
    public const string KeyVariable = "key";
    public const string KeysVariable = "keys";
    public const string PageVariable = "page";
    public const string ItemVariable = "";

    public static readonly IReadOnlySet<string> Variables = new HashSet<string>(StringComparer.Ordinal)
    {
        ThisVariable, ArgsVariable, KeyVariable, KeysVariable, PageVariable, ItemVariable,
    };

    public JsonNode? Variable(string name) => name switch
    {
        ThisVariable => This,
        ArgsVariable => Args,
        KeyVariable => Key,
        KeysVariable => Keys,
        PageVariable => Page,
        _ => Item,
    };
}
