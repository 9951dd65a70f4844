using System.Text;
using Gateway.Transport.WebSockets;

namespace Gateway.Tests.Transport.WebSockets;

/// <summary>The graphql-transport-ws messages the gateway sends, byte for byte, without a socket.</summary>
public sealed class TransportWsMessagesTests
{
    [Theory]
    [InlineData("connection_ack", null, "{\"type\":\"connection_ack\"}")]
    [InlineData("pong", null, "{\"type\":\"pong\"}")]
    [InlineData("complete", "op-1", "{\"id\":\"op-1\",\"type\":\"complete\"}")]
    public void Connection_and_completion_messages(string type, string? id, string expected)
    {
        Assert.Equal(expected, Encoding.UTF8.GetString(TransportWsMessages.Message(type, id)));
    }

    [Fact]
    public void An_error_message_carries_its_errors_as_a_list_with_the_code_and_escapes_only_what_json_requires()
    {
        var message = Encoding.UTF8.GetString(TransportWsMessages.Error("7", "It's \"late\"", "TOO_LATE"));

        Assert.Equal("{\"id\":\"7\",\"type\":\"error\",\"payload\":[{\"message\":\"It's \\\"late\\\"\",\"extensions\":{\"code\":\"TOO_LATE\"}}]}", message);
    }

    [Fact]
    public void A_next_message_wraps_any_payload()
    {
        var serializer = new GraphQL.SystemTextJson.GraphQLSerializer();

        var message = Encoding.UTF8.GetString(TransportWsMessages.Next(serializer, "2", new Dictionary<string, object?> { ["hasNext"] = false }));

        Assert.Equal("{\"id\":\"2\",\"type\":\"next\",\"payload\":{\"hasNext\":false}}", message);
    }
}
