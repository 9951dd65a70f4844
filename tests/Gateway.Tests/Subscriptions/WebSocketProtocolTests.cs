using Gateway.Sources.Common.Events;
using Gateway.Tests.Infrastructure;
using Gateway.Transport.WebSockets;
using Microsoft.Extensions.DependencyInjection;
using static Gateway.Tests.Infrastructure.Eventually;
using static Gateway.Tests.Infrastructure.GraphQLWebSocketClient;

namespace Gateway.Tests.Subscriptions;

/// <summary>The graphql-transport-ws protocol (PROTOCOL.md of graphql-ws), rule by rule, over a real WebSocket.</summary>
public sealed class WebSocketProtocolTests(SubscriptionFixture fixture) : IClassFixture<SubscriptionFixture>
{
    private const string CustomerUpdated = "subscription ($id: ID!) { customerUpdated(id: $id) { id email } }";

    [Fact]
    public async Task Connection_init_is_acknowledged()
    {
        await using var client = await ConnectAsync(fixture.Address);

        await client.SendAsync(new { type = "connection_init", payload = new { tenant = "abc" } });

        Assert.Equal("connection_ack", (await client.ReceiveAsync()).GetProperty("type").GetString());
    }

    [Fact]
    public async Task A_second_connection_init_closes_with_4429()
    {
        await using var client = await ConnectAndInitAsync(fixture.Address);

        await client.SendAsync(new { type = "connection_init" });

        Assert.Equal(CloseCodes.TooManyInitialisationRequests, await client.ExpectCloseAsync());
    }

    [Fact]
    public async Task Subscribe_before_acknowledgement_closes_with_4401()
    {
        await using var client = await ConnectAsync(fixture.Address);

        await client.SubscribeAsync("1", "{ __typename }");

        Assert.Equal(CloseCodes.Unauthorized, await client.ExpectCloseAsync());
    }

    [Fact]
    public async Task A_duplicate_operation_id_closes_with_4409()
    {
        await using var client = await ConnectAndInitAsync(fixture.Address);

        await client.SubscribeAsync("dup", CustomerUpdated, new { id = "1" });
        await client.SubscribeAsync("dup", CustomerUpdated, new { id = "1" });

        Assert.Equal(CloseCodes.SubscriberAlreadyExists, await client.ExpectCloseAsync());
        Assert.Contains("dup", client.CloseDescription);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("{\"payload\":{}}")]
    [InlineData("{\"type\":\"fly\"}")]
    [InlineData("{\"type\":42}")]
    [InlineData("{\"type\":\"subscribe\",\"payload\":{\"query\":\"{__typename}\"}}")]
    [InlineData("{\"type\":\"subscribe\",\"id\":\"1\"}")]
    [InlineData("{\"type\":\"subscribe\",\"id\":\"1\",\"payload\":{\"query\":42}}")]
    [InlineData("{\"type\":\"complete\"}")]
    public async Task Invalid_messages_close_with_4400(string message)
    {
        await using var client = await ConnectAndInitAsync(fixture.Address);

        await client.SendTextAsync(message);

        Assert.Equal(CloseCodes.BadRequest, await client.ExpectCloseAsync());
    }

    [Fact]
    public async Task A_client_without_the_subprotocol_is_closed_with_4406()
    {
        await using var client = await ConnectAsync(fixture.Address, subprotocol: null);

        Assert.Equal(CloseCodes.SubprotocolNotAcceptable, await client.ExpectCloseAsync());
    }

    [Fact]
    public async Task Ping_is_answered_with_pong_and_the_server_pings_too()
    {
        await using var client = await ConnectAndInitAsync(fixture.Address);

        await client.SendAsync(new { type = "ping" });
        var pong = await client.ReceiveAsync(answerPings: false);
        var serverPing = await client.ReceiveAsync(answerPings: false);

        Assert.Equal("pong", pong.GetProperty("type").GetString());
        Assert.Equal("ping", serverPing.GetProperty("type").GetString());
    }

    [Fact]
    public async Task Queries_and_mutations_run_over_the_socket_with_next_then_complete()
    {
        await using var client = await ConnectAndInitAsync(fixture.Address);

        await client.SubscribeAsync("q", "{ customer(id: \"9\") { crmId } }");
        var next = await client.ReceiveAsync();
        var complete = await client.ReceiveAsync();
        await client.SubscribeAsync("m", "mutation { updateCustomerContact(input: {id: \"9\", phone: \"+1 555 0109\"}) { customer { phone } } }");
        var mutation = await client.ReceiveAsync();
        var mutationComplete = await client.ReceiveAsync();

        Assert.Equal("next", next.GetProperty("type").GetString());
        Assert.Equal("q", next.GetProperty("id").GetString());
        Assert.Equal("9", next.GetProperty("payload").GetProperty("data").GetProperty("customer").GetProperty("crmId").GetString());
        Assert.Equal(("complete", "q"), (complete.GetProperty("type").GetString(), complete.GetProperty("id").GetString()));
        Assert.Equal("+1 555 0109", mutation.GetProperty("payload").GetProperty("data").GetProperty("updateCustomerContact").GetProperty("customer").GetProperty("phone").GetString());
        Assert.Equal("complete", mutationComplete.GetProperty("type").GetString());
    }

    [Fact]
    public async Task Validation_errors_are_an_error_message_without_complete()
    {
        await using var client = await ConnectAndInitAsync(fixture.Address);

        await client.SubscribeAsync("bad", "subscription { noSuchField }");
        var error = await client.ReceiveAsync();

        Assert.Equal("error", error.GetProperty("type").GetString());
        Assert.Equal("bad", error.GetProperty("id").GetString());
        Assert.NotEmpty(error.GetProperty("payload")[0].GetProperty("message").GetString()!);
        Assert.True(await client.IsQuietAsync(TimeSpan.FromMilliseconds(500)));
    }

    [Fact]
    public async Task Complete_from_the_client_stops_the_subscription_and_releases_its_channel()
    {
        var bus = (InMemoryEventBus)fixture.Gateway.Services.GetRequiredService<IEventBus>();
        await using var client = await ConnectAndInitAsync(fixture.Address);
        await client.SubscribeAsync("s", CustomerUpdated, new { id = "11" });
        await WaitUntil(() => bus.ActiveChannels == 1);

        await client.SendAsync(new { id = "s", type = "complete" });
        await WaitUntil(() => bus.ActiveChannels == 0);
        await fixture.Client.GraphQLAsync("mutation { updateCustomerContact(input: {id: \"11\", phone: \"+1 555 0111\"}) { customer { id } } }");

        Assert.True(await client.IsQuietAsync(TimeSpan.FromMilliseconds(500)));
    }

    [Fact]
    public async Task Closing_the_socket_disposes_every_subscription()
    {
        var bus = (InMemoryEventBus)fixture.Gateway.Services.GetRequiredService<IEventBus>();
        var connections = fixture.Gateway.Services.GetRequiredService<WebSocketConnections>();
        var client = await ConnectAndInitAsync(fixture.Address);
        await client.SubscribeAsync("a", CustomerUpdated, new { id = "12" });
        await client.SubscribeAsync("b", "subscription { paymentStatusChanged(customerId: \"12\") { id } }");
        await WaitUntil(() => bus.ActiveChannels == 2 && connections.Operations == 2);

        await client.DisposeAsync();

        await WaitUntil(() => bus.ActiveChannels == 0 && connections.Operations == 0 && connections.Connections == 0);
    }

    [Fact]
    public async Task Operations_beyond_the_per_connection_limit_get_an_error()
    {
        await using var client = await ConnectAndInitAsync(fixture.Address);
        for (var i = 0; i < 3; i++)
        {
            await client.SubscribeAsync($"op{i}", CustomerUpdated, new { id = "13" });
        }

        await client.SubscribeAsync("op3", CustomerUpdated, new { id = "13" });
        var error = await client.ReceiveAsync();

        Assert.Equal(("error", "op3"), (error.GetProperty("type").GetString(), error.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task Customer_updated_is_pushed_after_update_customer_contact()
    {
        await using var client = await ConnectAndInitAsync(fixture.Address);
        await client.SubscribeAsync("c", CustomerUpdated, new { id = "14" });
        var bus = (InMemoryEventBus)fixture.Gateway.Services.GetRequiredService<IEventBus>();
        await WaitUntil(() => bus.ActiveChannels >= 1);

        await fixture.Client.GraphQLAsync("mutation { updateCustomerContact(input: {id: \"14\", email: \"pushed@example.org\"}) { customer { id } } }");
        var next = await client.ReceiveAsync();

        Assert.Equal("pushed@example.org", next.GetProperty("payload").GetProperty("data").GetProperty("customerUpdated").GetProperty("email").GetString());
    }
}

public sealed class InitTimeoutTests(InitTimeoutFixture fixture) : IClassFixture<InitTimeoutFixture>
{
    [Fact]
    public async Task No_connection_init_within_the_timeout_closes_with_4408()
    {
        await using var client = await ConnectAsync(fixture.Gateway.Address);

        Assert.Equal(CloseCodes.ConnectionInitialisationTimeout, await client.ExpectCloseAsync());
    }
}
