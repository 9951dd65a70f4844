using System.Text.Json;
using GraphQL;

namespace Gateway.Transport.WebSockets;

/// <summary>
/// The messages the gateway sends in the <c>graphql-transport-ws</c> protocol, as UTF-8 JSON: the connection's own
/// (<c>connection_ack</c>, <c>ping</c>, <c>pong</c>), an operation's <c>next</c>, <c>error</c> and <c>complete</c>.
/// </summary>
public static class TransportWsMessages
{
    public static byte[] Message(string type, string? id = null)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, GatewayJson.WriterOptions))
        {
            writer.WriteStartObject();
            if (id is not null)
            {
                writer.WriteString("id", id);
            }
            writer.WriteString("type", type);
            writer.WriteEndObject();
        }
        return buffer.ToArray();
    }

    public static byte[] Error(string id, string error, string? code = null)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, GatewayJson.WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("id", id);
            writer.WriteString("type", "error");
            writer.WriteStartArray("payload");
            writer.WriteStartObject();
            writer.WriteString("message", error);
            if (code is not null)
            {
                writer.WriteStartObject("extensions");
                writer.WriteString("code", code);
                writer.WriteEndObject();
            }
            writer.WriteEndObject();
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        return buffer.ToArray();
    }

    /// <summary>An <c>error</c> message of operation <paramref name="id"/> carrying GraphQL errors (validation, variables).</summary>
    public static byte[] Errors(IGraphQLTextSerializer serializer, string id, ExecutionErrors? errors) =>
        System.Text.Encoding.UTF8.GetBytes(serializer.Serialize(new Dictionary<string, object?> { ["id"] = id, ["type"] = "error", ["payload"] = errors }));

    /// <summary>A <c>next</c> message of operation <paramref name="id"/>: a result, or an incremental delivery payload.</summary>
    public static byte[] Next(IGraphQLTextSerializer serializer, string id, object result) =>
        System.Text.Encoding.UTF8.GetBytes(serializer.Serialize(new Dictionary<string, object?> { ["id"] = id, ["type"] = "next", ["payload"] = result }));
}
