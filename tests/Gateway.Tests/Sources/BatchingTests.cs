using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Sources;

/// <summary>The N+1 problem, counted at the upstreams: one request per source per level, however many items.</summary>
public sealed class BatchingTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    public const string CustomerSelection =
        "name address { city location { lat weather { temperatureC } } } payments(first: 5) { nodes { amount { value } } }";

    private static readonly string FiftyIds = string.Join(", ", Enumerable.Range(1, 50).Select(i => $"\"{i}\""));

    [Fact]
    public async Task Fifty_customers_with_location_weather_and_payments_make_one_request_per_upstream()
    {
        await fixture.Demo.ResetAsync();

        var response = await fixture.Client.GraphQLAsync($"{{ customers(ids: [{FiftyIds}]) {{ {CustomerSelection} }} }}");
        var stats = await fixture.Demo.StatsAsync();

        Assert.False(response.HasErrors, string.Join("; ", response.Errors));
        var customers = response.Data.GetProperty("customers").EnumerateArray().ToList();
        Assert.Equal(50, customers.Count);
        Assert.All(customers, c =>
        {
            Assert.False(string.IsNullOrEmpty(c.GetProperty("name").GetString()));
            Assert.InRange(c.GetProperty("address").GetProperty("location").GetProperty("weather").GetProperty("temperatureC").GetDouble(), -40, 50);
            Assert.InRange(c.GetProperty("payments").GetProperty("nodes").GetArrayLength(), 1, 5);
        });
        Assert.Equal(new Gateway.Testing.UpstreamCounts(1, 1, 1, 1), stats);
    }

    [Fact]
    public async Task A_search_page_of_fifty_makes_one_request_per_upstream()
    {
        await fixture.Demo.ResetAsync();

        var response = await fixture.Client.GraphQLAsync($"{{ searchCustomers(query: \"\", first: 50) {{ nodes {{ {CustomerSelection} }} }} }}");
        var stats = await fixture.Demo.StatsAsync();

        Assert.False(response.HasErrors);
        Assert.Equal(50, response.Data.GetProperty("searchCustomers").GetProperty("nodes").GetArrayLength());
        Assert.Equal(new Gateway.Testing.UpstreamCounts(1, 1, 1, 1), stats);
    }

    [Fact]
    public async Task Batches_larger_than_the_chunk_size_are_split()
    {
        await fixture.Demo.ResetAsync();
        var ids = string.Join(", ", Enumerable.Range(1, 150).Select(i => $"\"{i}\""));

        var response = await fixture.Client.GraphQLAsync($"{{ customers(ids: [{ids}]) {{ crmId }} }}");

        Assert.Equal(150, response.Data.GetProperty("customers").GetArrayLength());
        Assert.Equal("150", response.Data.GetProperty("customers")[149].GetProperty("crmId").GetString());
        Assert.Equal(2, (await fixture.Demo.StatsAsync()).Crm);
    }

    [Fact]
    public async Task An_entity_reached_twice_in_one_request_is_fetched_once()
    {
        await fixture.Demo.ResetAsync();

        var response = await fixture.Client.GraphQLAsync(
            "{ a: customer(id: \"8\") { name } b: customer(id: \"008\") { name } customers(ids: [\"8\", \"8\"]) { payments(first: 2) { nodes { customer { name } } } } }");

        var name = response.Data.GetProperty("a").GetProperty("name").GetString();
        Assert.Equal(name, response.Data.GetProperty("b").GetProperty("name").GetString());
        Assert.All(response.Data.GetProperty("customers").EnumerateArray(), c =>
            Assert.All(c.GetProperty("payments").GetProperty("nodes").EnumerateArray(), p =>
                Assert.Equal(name, p.GetProperty("customer").GetProperty("name").GetString())));
        Assert.Equal(new Gateway.Testing.UpstreamCounts(1, 0, 0, 1), await fixture.Demo.StatsAsync());
    }
}
