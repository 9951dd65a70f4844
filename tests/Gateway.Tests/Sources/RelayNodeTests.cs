using System.Text;
using System.Text.Json;
using Gateway.Sources.Common.Events;
using Gateway.Sources.Common.Relay;
using Gateway.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static Gateway.Tests.Infrastructure.Eventually;

namespace Gateway.Tests.Sources;

/// <summary>
/// Relay's global object identification: <c>Node</c> on the CRM's customers (a declarative source) and on payments
/// (a code-first one), <c>node</c> and <c>nodes</c> batched through the loaders the other fields use.
/// </summary>
public sealed class RelayNodeTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private const string NodeFields = "__typename id ... on Customer { crmId name } ... on Payment { paymentId customer { crmId } }";

    private static string Id(string type, string local) => Convert.ToBase64String(Encoding.UTF8.GetBytes($"{type}:{local}"));

    [Fact]
    public async Task Node_fetches_a_customer_and_a_payment_again_by_the_id_they_answered()
    {
        var listed = await fixture.Client.GraphQLAsync("{ customer(id: \"12\") { id payments(first: 1) { nodes { id paymentId } } } }");
        var customerId = listed.Data.GetProperty("customer").GetProperty("id").GetString()!;
        var payment = listed.Data.GetProperty("customer").GetProperty("payments").GetProperty("nodes")[0];

        var customer = await fixture.Client.GraphQLAsync($"{{ node(id: \"{customerId}\") {{ {NodeFields} }} }}");
        var paid = await fixture.Client.GraphQLAsync($"{{ node(id: \"{payment.GetProperty("id").GetString()}\") {{ {NodeFields} }} }}");

        Assert.False(customer.HasErrors || paid.HasErrors, string.Join("; ", customer.Errors.Concat(paid.Errors)));
        Assert.Equal(Id("Customer", "12"), customerId);
        var node = customer.Data.GetProperty("node");
        Assert.Equal(("Customer", customerId, "12"), (node.GetProperty("__typename").GetString(), node.GetProperty("id").GetString(), node.GetProperty("crmId").GetString()));
        var paymentNode = paid.Data.GetProperty("node");
        Assert.Equal("Payment", paymentNode.GetProperty("__typename").GetString());
        Assert.Equal(payment.GetProperty("paymentId").GetString(), paymentNode.GetProperty("paymentId").GetString());
        Assert.Equal(payment.GetProperty("id").GetString(), paymentNode.GetProperty("id").GetString());
        Assert.Equal("12", paymentNode.GetProperty("customer").GetProperty("crmId").GetString());
    }

    [Fact]
    public async Task Nodes_of_two_types_cost_one_request_per_source_and_answer_in_the_order_asked()
    {
        await fixture.Demo.ResetAsync();
        string[] ids = [Id("Customer", "3"), Id("Payment", "pay_000400"), Id("Customer", "4"), Id("Payment", "pay_000501"), Id("Customer", "5")];

        var response = await fixture.Client.GraphQLAsync($"{{ nodes(ids: [{string.Join(", ", ids.Select(id => $"\"{id}\""))}]) {{ __typename id }} }}");

        Assert.False(response.HasErrors, string.Join("; ", response.Errors));
        var nodes = response.Data.GetProperty("nodes").EnumerateArray().ToList();
        Assert.Equal(ids, nodes.Select(n => n.GetProperty("id").GetString()));
        Assert.Equal(["Customer", "Payment", "Customer", "Payment", "Customer"], nodes.Select(n => n.GetProperty("__typename").GetString()));
        var stats = await fixture.Demo.StatsAsync();
        Assert.Equal((1, 1, 0, 0), (stats.Crm, stats.Payments, stats.Maps, stats.Weather));
    }

    [Fact]
    public async Task Node_shares_the_batch_of_the_fields_that_load_the_same_type()
    {
        await fixture.Demo.ResetAsync();

        var response = await fixture.Client.GraphQLAsync($$"""
            { customer(id: "6") { name } customers(ids: ["7", "8"]) { name } node(id: "{{Id("Customer", "9")}}") { id } nodes(ids: ["{{Id("Customer", "6")}}"]) { id } }
            """);

        Assert.False(response.HasErrors, string.Join("; ", response.Errors));
        Assert.Equal(Id("Customer", "9"), response.Data.GetProperty("node").GetProperty("id").GetString());
        Assert.Equal(1, (await fixture.Demo.StatsAsync()).Crm);
        Assert.Equal(4, await fixture.Demo.ItemsAsync("crm.GetCustomers"));
    }

    [Fact]
    public async Task An_id_that_names_no_object_is_null_with_NOT_FOUND_at_its_position_and_the_others_load()
    {
        await fixture.Demo.ResetAsync();
        string[] ids =
        [
            Id("Customer", "1"),
            "not a global id",
            Id("Customer", "424242"),
            Id("Order", "1"),
            Id("Money", "1"),
            Id("Payment", "not-a-payment-id"),
            Id("Payment", "pay_999999"),
            Id("Customer", "abc"),
            Id("Payment", "pay_000100"),
        ];

        var response = await fixture.Client.GraphQLAsync("query ($ids: [ID!]!) { nodes(ids: $ids) { id } }", new { ids });

        var nodes = response.Data.GetProperty("nodes").EnumerateArray().ToList();
        Assert.Equal(ids[0], nodes[0].GetProperty("id").GetString());
        Assert.Equal(ids[8], nodes[8].GetProperty("id").GetString());
        Assert.All(nodes[1..8], n => Assert.Equal(JsonValueKind.Null, n.ValueKind));
        Assert.Equal(["nodes.1", "nodes.2", "nodes.3", "nodes.4", "nodes.5", "nodes.6", "nodes.7"], response.ErrorPaths.Order(StringComparer.Ordinal));
        Assert.All(response.Errors, e => Assert.Equal("NOT_FOUND", GraphQLResponse.Code(e)));
        // The ids that cannot be a customer's or a payment's are not sent; the rest go in one request per source.
        var stats = await fixture.Demo.StatsAsync();
        Assert.Equal((1, 1), (stats.Crm, stats.Payments));
        Assert.Equal(2, await fixture.Demo.ItemsAsync("crm.GetCustomers"));
    }

    [Fact]
    public async Task Node_with_an_unknown_id_is_null_with_NOT_FOUND()
    {
        var response = await fixture.Client.GraphQLAsync($"{{ node(id: \"{Id("Customer", "424242")}\") {{ id }} }}");

        Assert.Equal(JsonValueKind.Null, response.Data.GetProperty("node").ValueKind);
        var error = Assert.Single(response.Errors);
        Assert.Equal("NOT_FOUND", GraphQLResponse.Code(error));
        Assert.Equal("node", Assert.Single(response.ErrorPaths));
    }

    [Fact]
    public async Task Nodes_takes_up_to_500_ids_and_refuses_more_before_any_call()
    {
        await fixture.Demo.ResetAsync();
        var ids = Enumerable.Range(1, NodeQueryFields.MaxIds + 1).Select(i => Id("Customer", i.ToString(System.Globalization.CultureInfo.InvariantCulture))).ToArray();

        var response = await fixture.Client.GraphQLAsync("query ($ids: [ID!]!) { nodes(ids: $ids) { id } }", new { ids });

        Assert.Equal("BAD_USER_INPUT", GraphQLResponse.Code(Assert.Single(response.Errors)));
        Assert.Equal(0, (await fixture.Demo.StatsAsync()).Crm);
    }

    [Fact]
    public async Task A_payment_through_node_needs_payments_read_and_is_not_fetched_without_it()
    {
        await fixture.Demo.ResetAsync();
        using var client = fixture.Gateway.CreateAnonymousClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", TestTokens.Create("crm:write"));

        var response = await client.GraphQLAsync($"{{ nodes(ids: [\"{Id("Payment", "pay_000101")}\", \"{Id("Customer", "1")}\"]) {{ id }} }}");

        var nodes = response.Data.GetProperty("nodes");
        Assert.Equal(JsonValueKind.Null, nodes[0].ValueKind);
        Assert.Equal(Id("Customer", "1"), nodes[1].GetProperty("id").GetString());
        Assert.Equal("FORBIDDEN", GraphQLResponse.Code(Assert.Single(response.Errors)));
        Assert.Equal("nodes.0", Assert.Single(response.ErrorPaths));
        Assert.Equal(0, (await fixture.Demo.StatsAsync()).Payments);
    }

    [Fact]
    public async Task Fields_that_take_a_customer_or_payment_id_take_the_global_id_too()
    {
        var response = await fixture.Client.GraphQLAsync($$"""
            { customer(id: "{{Id("Customer", "21")}}") { crmId }
              customers(ids: ["{{Id("Customer", "22")}}", "23"]) { crmId }
              payment(id: "{{Id("Payment", "pay_000101")}}") { paymentId } }
            """);

        Assert.False(response.HasErrors, string.Join("; ", response.Errors));
        Assert.Equal("21", response.Data.GetProperty("customer").GetProperty("crmId").GetString());
        Assert.Equal(["22", "23"], response.Data.GetProperty("customers").EnumerateArray().Select(c => c.GetProperty("crmId").GetString()));
        Assert.Equal("pay_000101", response.Data.GetProperty("payment").GetProperty("paymentId").GetString());
    }

    [Fact]
    public async Task The_global_id_of_another_type_is_refused_naming_the_argument_before_any_call()
    {
        await fixture.Demo.ResetAsync();

        var response = await fixture.Client.GraphQLAsync($"{{ customer(id: \"{Id("Payment", "pay_000101")}\") {{ crmId }} }}");

        var error = Assert.Single(response.Errors);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.Status);
        Assert.Contains("The id names a Payment, not a Customer.", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains("'id'", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, (await fixture.Demo.StatsAsync()).Total);
    }

    [Fact]
    public async Task Mutations_take_global_ids_in_their_inputs()
    {
        var created = await fixture.Client.GraphQLAsync(
            "mutation ($input: CreatePaymentInput!) { createPayment(input: $input) { payment { id paymentId customer { crmId } } userErrors { code } } }",
            new { input = new { customerId = Id("Customer", "41"), amount = 12.5m, currency = "EUR" } });
        Assert.False(created.HasErrors, string.Join("; ", created.Errors));
        var payment = created.Data.GetProperty("createPayment").GetProperty("payment");
        // A new payment is pending, which the payments service refuses to refund: the id reached it as its own.
        var refunded = await fixture.Client.GraphQLAsync(
            "mutation ($id: ID!) { refundPayment(input: { paymentId: $id }) { payment { paymentId } userErrors { code } } }",
            new { id = payment.GetProperty("id").GetString() });
        var updated = await fixture.Client.GraphQLAsync(
            $"mutation {{ updateCustomerContact(input: {{ id: \"{Id("Customer", "41")}\", phone: \"+49 30 4141\" }}) {{ customer {{ crmId phone }} userErrors {{ code }} }} }}");

        Assert.False(refunded.HasErrors || updated.HasErrors, string.Join("; ", refunded.Errors.Concat(updated.Errors)));
        Assert.Equal("41", payment.GetProperty("customer").GetProperty("crmId").GetString());
        Assert.Equal(Id("Payment", payment.GetProperty("paymentId").GetString()!), payment.GetProperty("id").GetString());
        Assert.Equal("REFUND_NOT_ALLOWED", refunded.Data.GetProperty("refundPayment").GetProperty("userErrors")[0].GetProperty("code").GetString());
        var customer = updated.Data.GetProperty("updateCustomerContact").GetProperty("customer");
        Assert.Equal(("41", "+49 30 4141"), (customer.GetProperty("crmId").GetString(), customer.GetProperty("phone").GetString()));
    }

    [Fact]
    public async Task A_subscription_takes_the_global_id_of_what_it_watches()
    {
        var bus = (InMemoryEventBus)fixture.Gateway.Services.GetRequiredService<IEventBus>();
        await using var client = await GraphQLWebSocketClient.ConnectAndInitAsync(fixture.Gateway.Address, TestTokens.Default);
        await client.SubscribeAsync("1", $"subscription {{ customerUpdated(id: \"{Id("Customer", "43")}\") {{ id crmId phone }} }}");
        await WaitUntil(() => bus.ActiveChannels >= 1);

        await fixture.Client.GraphQLAsync("mutation { updateCustomerContact(input: { id: \"43\", phone: \"+49 30 4343\" }) { customer { crmId } } }");
        var next = await client.ReceiveAsync();

        var customer = next.GetProperty("payload").GetProperty("data").GetProperty("customerUpdated");
        Assert.Equal((Id("Customer", "43"), "43", "+49 30 4343"),
            (customer.GetProperty("id").GetString(), customer.GetProperty("crmId").GetString(), customer.GetProperty("phone").GetString()));
    }
}

/// <summary>The global id format: base64 of <c>Type:localId</c>, decoded strictly.</summary>
public sealed class GlobalIdTests
{
    [Theory]
    [InlineData("Customer", "30")]
    [InlineData("Payment", "pay_000101")]
    [InlineData("Place", "a:b:c")]
    [InlineData("_Thing2", "Grüße, 東京")]
    public void An_id_decodes_to_the_type_and_local_id_it_was_made_of(string type, string local)
    {
        Assert.True(GlobalId.TryDecode(GlobalId.Encode(type, local), out var decodedType, out var decodedLocal));

        Assert.Equal((type, local), (decodedType, decodedLocal));
    }

    [Theory]
    [InlineData("")]
    [InlineData("30")]
    [InlineData("pay_000101")]
    [InlineData("Q3VzdG9tZXI6MzA")] // "Customer:30" without its padding
    [InlineData("Q3VzdG9tZXI6MzA= ")]
    [InlineData("Q3VzdG9tZXI6MzB=")] // padding bits set: decodes, but is not what encoding gives
    [InlineData("Q3VzdG9tZXIzMA==")] // "Customer30": no colon
    [InlineData("OjMw")] // ":30": no type
    [InlineData("Q3VzdG9tZXI6")] // "Customer:": no local id
    [InlineData("MUN1c3RvbWVyOjMw")] // "1Customer:30": not a GraphQL name
    [InlineData("Q3VzdCBvbWVyOjMw")] // "Cust omer:30"
    [InlineData("/w==")] // not UTF-8
    public void Anything_else_is_not_a_global_id(string text)
    {
        Assert.False(GlobalId.TryDecode(text, out _, out _));
    }

    [Fact]
    public void A_text_longer_than_the_limit_is_not_decoded()
    {
        var id = GlobalId.Encode("Customer", new string('1', GlobalId.MaxLength));

        Assert.True(id.Length > GlobalId.MaxLength);
        Assert.False(GlobalId.TryDecode(id, out _, out _));
    }

    [Fact]
    public void An_argument_takes_its_types_global_id_and_refuses_another_types()
    {
        Assert.Equal("30", NodeIds.LocalId(GlobalId.Encode("Customer", "30"), "Customer"));
        Assert.Equal("30", NodeIds.LocalId("30", "Customer"));
        Assert.Equal("The id names a Payment, not a Customer.",
            Assert.Throws<FormatException>(() => NodeIds.LocalId(GlobalId.Encode("Payment", "pay_000101"), "Customer")).Message);
    }
}
