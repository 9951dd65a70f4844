using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Gateway.Sources.Declarative.Connectors;

/// <summary>
/// One item an upstream answered, as loaded and cached. The node is fully read on creation: a node parsed from JSON
/// builds its children on first access, which is not safe when several resolvers read one item at once.
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
                foreach (var (_, child) in obj)
                {
                    Materialize(child);
                }
                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    Materialize(child);
                }
                break;
        }
    }
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
