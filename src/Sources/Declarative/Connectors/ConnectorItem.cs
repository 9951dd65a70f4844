using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Gateway.Sources.Declarative.Connectors;

/// <summary>
/// One item an upstream answered, as loaded and cached. The node is fully read on creation: a node parsed from JSON
/// builds its children on first access, which is not safe when several resolvers read one item at once. Its texts
/// are read once too: a parsed string is kept as UTF-8 and would be decoded again on every read, by every request
/// that shares the item.
/// </summary>
[JsonConverter(typeof(ConnectorItemJsonConverter))]
public sealed class ConnectorItem
{
    public ConnectorItem(JsonNode node)
    {
        Node = node;
        Materialize(node);
    }

    public JsonNode Node { get; }

    private static void Materialize(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                List<(string Name, string Text)>? texts = null;
                foreach (var (name, child) in obj)
                {
                    if (ParsedText(child) is { } text)
                    {
                        (texts ??= []).Add((name, text));
                    }
                    else
                    {
                        Materialize(child);
                    }
                }
                // Replaced after the walk (a member cannot be replaced while its object is enumerated); order stays.
                foreach (var (name, text) in texts ?? [])
                {
                    obj[name] = JsonValue.Create(text);
                }
                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if (ParsedText(array[i]) is { } text)
                    {
                        array[i] = JsonValue.Create(text);
                    }
                    else
                    {
                        Materialize(array[i]);
                    }
                }
                break;
        }
    }

    /// <summary>The text of a string still held as parsed JSON; null for anything else.</summary>
    private static string? ParsedText(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.String && value.TryGetValue<JsonElement>(out var element)
            ? element.GetString()
            : null;
}

/// <summary>Reads and writes an item as the JSON the upstream answered.</summary>
public sealed class ConnectorItemJsonConverter : JsonConverter<ConnectorItem>
{
    public override ConnectorItem? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        JsonNode.Parse(ref reader) is { } node ? new ConnectorItem(node) : null;

    public override void Write(Utf8JsonWriter writer, ConnectorItem value, JsonSerializerOptions options) => value.Node.WriteTo(writer);
}

[JsonSerializable(typeof(ConnectorItem))]
[JsonSerializable(typeof(JsonNode))]
internal sealed partial class DeclarativeJsonContext : JsonSerializerContext;
