using System.Text.Json;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Sources;

/// <summary>Data across the sources, with filters, sorting and paging done by the upstreams.</summary>
public sealed class QueryTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task A_customer_joins_crm_maps_weather_and_payments()
    {
        var response = await fixture.Client.GraphQLAsync("""
            { customer(id: "30") {
                id crmId name email tier createdAt
                address { street city postalCode country location { lat lng formattedAddress weather { condition humidity observedAt } forecast(days: 4) { date minC maxC } } }
                payments(first: 3) { edges { cursor node { id paymentId status amount { value currency } customer { crmId } } } pageInfo { hasNextPage endCursor } }
            } }
            """);

        Assert.False(response.HasErrors);
        var customer = response.Data.GetProperty("customer");
        var address = customer.GetProperty("address");
        Assert.Equal("30", customer.GetProperty("crmId").GetString());
        // The id is Relay's global id: base64 of "Customer:30", and each payment's of "Payment:<its own id>".
        Assert.Equal(Convert.ToBase64String("Customer:30"u8), customer.GetProperty("id").GetString());
        Assert.All(customer.GetProperty("payments").GetProperty("edges").EnumerateArray(), e => Assert.Equal(
            Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("Payment:" + e.GetProperty("node").GetProperty("paymentId").GetString())),
            e.GetProperty("node").GetProperty("id").GetString()));
        Assert.Contains(customer.GetProperty("tier").GetString(), new[] { "BRONZE", "SILVER", "GOLD", "PLATINUM" });
        Assert.Contains(address.GetProperty("city").GetString()!, address.GetProperty("location").GetProperty("formattedAddress").GetString());
        Assert.Equal(4, address.GetProperty("location").GetProperty("forecast").GetArrayLength());
        Assert.InRange(address.GetProperty("location").GetProperty("weather").GetProperty("humidity").GetInt32(), 0, 100);
        Assert.All(customer.GetProperty("payments").GetProperty("edges").EnumerateArray(),
            e => Assert.Equal("30", e.GetProperty("node").GetProperty("customer").GetProperty("crmId").GetString()));
    }

    [Fact]
    public async Task Search_filters_and_sorts_in_the_crm_with_one_call()
    {
        await fixture.Demo.ResetAsync();

        var response = await fixture.Client.GraphQLAsync("""
            { searchCustomers(query: "", first: 20, where: { tier: { in: [GOLD, PLATINUM] }, city: { eq: "Berlin" } }, order: [{ name: DESC }]) {
                totalCount nodes { name tier address { city } } } }
            """);

        var nodes = response.Data.GetProperty("searchCustomers").GetProperty("nodes").EnumerateArray().ToList();
        Assert.NotEmpty(nodes);
        Assert.All(nodes, n =>
        {
            Assert.Contains(n.GetProperty("tier").GetString(), new[] { "GOLD", "PLATINUM" });
            Assert.Equal("Berlin", n.GetProperty("address").GetProperty("city").GetString());
        });
        var names = nodes.Select(n => n.GetProperty("name").GetString()).ToList();
        Assert.Equal(names.OrderDescending(StringComparer.Ordinal), names);
        Assert.Equal(1, (await fixture.Demo.StatsAsync()).Crm);
    }

    [Fact]
    public async Task Search_filters_by_creation_time_and_tier_equality_in_the_crm()
    {
        await fixture.Demo.ResetAsync();

        var response = await fixture.Client.GraphQLAsync("""
            { searchCustomers(query: "", first: 50, where: { tier: { eq: SILVER }, createdAt: { gte: "2021-01-01T00:00:00Z", lte: "2021-06-30T23:59:59Z" } },
                order: [{ createdAt: DESC }]) { totalCount nodes { tier createdAt } } }
            """);

        Assert.False(response.HasErrors, string.Join("; ", response.Errors));
        var connection = response.Data.GetProperty("searchCustomers");
        var nodes = connection.GetProperty("nodes").EnumerateArray().ToList();
        Assert.InRange(nodes.Count, 1, connection.GetProperty("totalCount").GetInt32());
        Assert.All(nodes, n => Assert.Equal("SILVER", n.GetProperty("tier").GetString()));
        var times = nodes.Select(n => n.GetProperty("createdAt").GetDateTime()).ToList();
        Assert.All(times, t => Assert.InRange(t, new DateTime(2021, 1, 1), new DateTime(2021, 6, 30, 23, 59, 59)));
        Assert.Equal(times.OrderDescending(), times);
        Assert.Equal(1, (await fixture.Demo.StatsAsync()).Crm);
    }

    [Theory]
    [InlineData(5)]
    [InlineData(7)]
    public async Task Search_pages_follow_each_other_without_gaps_or_overlap(int first)
    {
        const string query = "query ($first: Int, $after: String) { searchCustomers(query: \"a\", first: $first, after: $after) { totalCount nodes { id } pageInfo { hasNextPage hasPreviousPage endCursor } } }";
        var all = (await fixture.Client.GraphQLAsync(query, new { first = 3 * first })).Data.GetProperty("searchCustomers");
        var expected = all.GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("id").GetString()).ToList();

        var seen = new List<string?>();
        string? after = null;
        for (var page = 0; page < 3; page++)
        {
            var connection = (await fixture.Client.GraphQLAsync(query, new { first, after })).Data.GetProperty("searchCustomers");
            seen.AddRange(connection.GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("id").GetString()));
            Assert.Equal(page > 0, connection.GetProperty("pageInfo").GetProperty("hasPreviousPage").GetBoolean());
            after = connection.GetProperty("pageInfo").GetProperty("endCursor").GetString();
        }

        Assert.Equal(expected, seen);
        Assert.True(all.GetProperty("totalCount").GetInt32() > 3 * first);
    }

    [Fact]
    public async Task A_page_that_straddles_crm_pages_is_still_exact()
    {
        const string query = "query ($first: Int, $after: String) { searchCustomers(query: \"\", first: $first, after: $after) { nodes { id } pageInfo { endCursor } } }";
        var firstPage = (await fixture.Client.GraphQLAsync(query, new { first = 3 })).Data.GetProperty("searchCustomers");
        var cursor = firstPage.GetProperty("pageInfo").GetProperty("endCursor").GetString();

        var next = (await fixture.Client.GraphQLAsync(query, new { first = 100, after = cursor })).Data.GetProperty("searchCustomers");
        var reference = (await fixture.Client.GraphQLAsync(query, new { first = 100 })).Data.GetProperty("searchCustomers");

        var ids = next.GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("id").GetString()).ToList();
        Assert.Equal(100, ids.Count);
        Assert.Equal(reference.GetProperty("nodes").EnumerateArray().Skip(3).Select(n => n.GetProperty("id").GetString()), ids.Take(97));
    }

    [Fact]
    public async Task Payments_filter_sort_and_page_in_the_payments_service()
    {
        const string query = """
            query ($after: String) { customer(id: "77") { payments(first: 2, after: $after, where: { status: { eq: SUCCEEDED }, amount: { gte: 5 } }, order: [{ amount: ASC }]) {
              nodes { amount { value } status } pageInfo { hasNextPage endCursor } } } }
            """;
        var all = (await fixture.Client.GraphQLAsync(query.Replace("first: 2", "first: 100"))).Data
            .GetProperty("customer").GetProperty("payments").GetProperty("nodes").EnumerateArray().ToList();
        var page1 = (await fixture.Client.GraphQLAsync(query)).Data.GetProperty("customer").GetProperty("payments");
        var page2 = (await fixture.Client.GraphQLAsync(query, new { after = page1.GetProperty("pageInfo").GetProperty("endCursor").GetString() }))
            .Data.GetProperty("customer").GetProperty("payments");

        Assert.All(all, p => Assert.Equal("SUCCEEDED", p.GetProperty("status").GetString()));
        Assert.All(all, p => Assert.True(p.GetProperty("amount").GetProperty("value").GetDecimal() >= 5));
        var amounts = all.Select(p => p.GetProperty("amount").GetProperty("value").GetDecimal()).ToList();
        Assert.Equal(amounts.Order(), amounts);
        var paged = page1.GetProperty("nodes").EnumerateArray().Concat(page2.GetProperty("nodes").EnumerateArray())
            .Select(p => p.GetProperty("amount").GetProperty("value").GetDecimal());
        Assert.Equal(amounts.Take(4), paged);
    }

    [Fact]
    public async Task Geocode_and_weather_answer_at_the_root()
    {
        var response = await fixture.Client.GraphQLAsync(
            "{ geocode(address: \"5 Harbour Road, 2000 Sydney, Australia\") { lat lng weather { condition } } weather(lat: 35.68, lng: 139.69) { temperatureC windKph observedAt } }");

        Assert.False(response.HasErrors);
        Assert.InRange(response.Data.GetProperty("geocode").GetProperty("lat").GetDouble(), -34, -33.8);
        Assert.Equal(JsonValueKind.String, response.Data.GetProperty("weather").GetProperty("observedAt").ValueKind);
    }
}
