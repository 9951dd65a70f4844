using System.Text.Json;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Declarative;

/// <summary>A gateway with caching on, so the declarative source's entity cache is in play.</summary>
public sealed class CachedRatesFixture : GatewayFixture
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Gateway:Cache:Enabled"] = "true" };
}

/// <summary>
/// <c>sources/rates</c>: an upstream that joins the graph from its SDL file alone (no C#), as <c>Money.in(currency:)</c>,
/// with the batching, caching and per-item errors of the hand-written sources.
/// </summary>
public sealed class RatesSourceTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private static readonly string FiftyIds = string.Join(", ", Enumerable.Range(1, 50).Select(i => $"\"{i}\""));

    [Fact]
    public async Task Every_amount_of_fifty_customers_payments_is_converted_with_one_rates_request()
    {
        await fixture.Demo.ResetAsync();

        var response = await fixture.Client.GraphQLAsync(
            $"{{ customers(ids: [{FiftyIds}]) {{ payments(first: 5) {{ nodes {{ amount {{ value currency in(currency: \"USD\") {{ value currency rate }} }} }} }} }} }}");
        var stats = await fixture.Demo.StatsAsync();

        Assert.False(response.HasErrors, string.Join("; ", response.Errors));
        var amounts = Amounts(response).ToList();
        Assert.InRange(amounts.Count, 50, 250);
        Assert.All(amounts, amount =>
        {
            var converted = amount.GetProperty("in");
            Assert.Equal("USD", converted.GetProperty("currency").GetString());
            Assert.Equal(amount.GetProperty("value").GetDecimal() * converted.GetProperty("rate").GetDecimal(), converted.GetProperty("value").GetDecimal());
        });
        Assert.Equal(new Gateway.Testing.UpstreamCounts(1, 0, 0, 1, 1), stats);
        // One pair per distinct currency of the payments: the batch holds each key once.
        Assert.Equal(amounts.Select(a => a.GetProperty("currency").GetString()).Distinct().Count(), await fixture.Demo.ItemsAsync("rates.batch"));
    }

    [Fact]
    public async Task A_currency_the_service_does_not_quote_fails_only_its_own_field()
    {
        await fixture.Demo.ResetAsync();

        var response = await fixture.Client.GraphQLAsync(
            "{ customer(id: \"1\") { payments(first: 1) { nodes { amount { usd: in(currency: \"USD\") { value } xyz: in(currency: \"XYZ\") { value } } } } } }");

        var amount = response.Data.GetProperty("customer").GetProperty("payments").GetProperty("nodes")[0].GetProperty("amount");
        Assert.Equal(JsonValueKind.Number, amount.GetProperty("usd").GetProperty("value").ValueKind);
        Assert.Equal(JsonValueKind.Null, amount.GetProperty("xyz").ValueKind);
        var error = response.Errors.Single();
        Assert.Equal("BAD_USER_INPUT", GraphQLResponse.Code(error));
        Assert.Equal("rates", error.GetProperty("extensions").GetProperty("source").GetString());
        Assert.Equal("customer.payments.nodes.0.amount.xyz", response.ErrorPaths.Single());
        Assert.Equal(1, (await fixture.Demo.StatsAsync()).Rates);
    }

    [Fact]
    public async Task A_failing_rates_upstream_nulls_only_the_converted_amounts()
    {
        await fixture.Demo.ResetAsync();
        await fixture.Demo.FaultAsync("rates", errorRate: 1.0);

        var response = await fixture.Client.GraphQLAsync(
            "{ customer(id: \"2\") { name payments(first: 2) { nodes { amount { value in(currency: \"GBP\") { value } } } } } }");
        await fixture.Demo.ResetAsync();

        Assert.False(string.IsNullOrEmpty(response.Data.GetProperty("customer").GetProperty("name").GetString()));
        Assert.NotEmpty(response.Errors);
        Assert.All(response.Errors, error =>
        {
            Assert.Equal("UPSTREAM_ERROR", GraphQLResponse.Code(error));
            Assert.Equal("rates", error.GetProperty("extensions").GetProperty("source").GetString());
            Assert.EndsWith(".amount.in", string.Join('.', error.GetProperty("path").EnumerateArray().Select(p => p.ToString())), StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task With_chunk_size_one_every_pair_is_its_own_request()
    {
        await using var gateway = fixture.StartAnotherGateway(new Dictionary<string, string?> { ["Sources:Rates:ChunkSize"] = "1" });
        using var client = gateway.CreateClient();
        await fixture.Demo.ResetAsync();

        var response = await client.GraphQLAsync(
            "{ customer(id: \"3\") { payments(first: 1) { nodes { amount { a: in(currency: \"USD\") { rate } b: in(currency: \"GBP\") { rate } c: in(currency: \"CHF\") { rate } } } } } }");

        Assert.False(response.HasErrors, string.Join("; ", response.Errors));
        Assert.Equal(3, (await fixture.Demo.StatsAsync()).Rates);
    }

    internal static IEnumerable<JsonElement> Amounts(GraphQLResponse response) =>
        response.Data.GetProperty("customers").EnumerateArray()
            .SelectMany(c => c.GetProperty("payments").GetProperty("nodes").EnumerateArray())
            .Select(p => p.GetProperty("amount"));
}

public sealed class CachedRatesSourceTests(CachedRatesFixture fixture) : IClassFixture<CachedRatesFixture>
{
    [Fact]
    public async Task A_repeated_conversion_is_served_from_the_entity_cache()
    {
        const string query = "{ customer(id: \"4\") { payments(first: 3) { nodes { amount { in(currency: \"JPY\") { value rate } } } } } }";
        var first = await fixture.Client.GraphQLAsync(query);
        await fixture.Demo.ResetAsync();

        var second = await fixture.Client.GraphQLAsync(query);

        Assert.False(second.HasErrors, string.Join("; ", second.Errors));
        Assert.Equal(first.Data.ToString(), second.Data.ToString());
        Assert.Equal(0, (await fixture.Demo.StatsAsync()).Rates);
    }
}
