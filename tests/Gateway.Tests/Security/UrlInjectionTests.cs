using System.Net.Http.Json;
using System.Text.Json;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Security;

/// <summary>
/// No argument can change where an upstream request goes: ids are validated before any call, free text travels in
/// request bodies (JSON, or XML-escaped SOAP), never in paths. Asserted on the routes the demo upstreams received.
/// </summary>
public sealed class UrlInjectionTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    public static readonly TheoryData<string> Payloads = new()
    {
        "../../_demo/reset",
        "..%2F..%2F_demo%2Freset",
        "1%2F..%2Fadmin",
        "http://evil.example/x",
        "//evil.example/x",
        "1\r\nX-Injected: yes",
        "1?limit=1000",
        "1#fragment",
        "<Id>2</Id>",
    };

    [Theory]
    [MemberData(nameof(Payloads))]
    public async Task Malformed_ids_never_reach_an_upstream(string payload)
    {
        await fixture.Demo.ResetAsync();

        var customer = await fixture.Client.GraphQLAsync("query ($id: ID!) { customer(id: $id) { id } }", new { id = payload });
        var payment = await fixture.Client.GraphQLAsync("query ($id: ID!) { payment(id: $id) { id } }", new { id = payload });
        var refund = await fixture.Client.GraphQLAsync("mutation ($id: ID!) { refundPayment(input: {paymentId: $id}) { userErrors { code } } }", new { id = payload });

        Assert.Equal("BAD_USER_INPUT", GraphQLResponse.Code(customer.Errors.Single()));
        Assert.Equal("BAD_USER_INPUT", GraphQLResponse.Code(payment.Errors.Single()));
        Assert.Equal("INVALID_ID", refund.Data.GetProperty("refundPayment").GetProperty("userErrors")[0].GetProperty("code").GetString());
        Assert.Empty(await RoutesAsync());
    }

    [Theory]
    [MemberData(nameof(Payloads))]
    public async Task Free_text_travels_in_request_bodies_only(string payload)
    {
        await fixture.Demo.ResetAsync();

        await fixture.Client.GraphQLAsync("query ($a: String!) { geocode(address: $a) { lat } }", new { a = payload });
        await fixture.Client.GraphQLAsync("query ($q: String!) { searchCustomers(query: $q, first: 1) { totalCount } }", new { q = payload });

        Assert.Equal(["POST /crm/soap", "POST /maps/v1/geocode/batch"], (await RoutesAsync()).Order(StringComparer.Ordinal));
    }

    private async Task<List<string>> RoutesAsync()
    {
        var stats = await fixture.Demo.Client.GetFromJsonAsync<JsonElement>("_demo/stats");
        return stats.GetProperty("routes").EnumerateObject().Select(route => route.Name).ToList();
    }
}
