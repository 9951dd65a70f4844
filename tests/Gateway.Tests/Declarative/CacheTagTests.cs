using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Declarative;

/// <summary>
/// Quotes cached in memory and filed under a tag per base currency, and a mutation that drops a base currency's
/// quotes (its call is the rates batch itself: what matters here is what it invalidates).
/// </summary>
public sealed class CacheTagFixture : TestSourceFixture
{
    protected override string Source => SourceReloadFixture.Quotes.Replace(
        "entity: \"quote\"",
        "entity: \"quote\"\n      tag: \"'base-' + $key.from\"",
        StringComparison.Ordinal) + """

        type Refreshed { count: Int! }

        extend type Mutation {
          refreshQuotes(base: String!): Refreshed!
            @connect(
              http: "POST /v1/rates/batch"
              body: "{ pairs: [{ from: $args.base, to: $args.base }] }"
              select: "{ count: 1 }"
              invalidateTags: "['base-' + $args.base]"
            )
        }
        """;

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
    {
        ["Gateway:Cache:Enabled"] = "true",
    };
}

public sealed class CacheTagTests(CacheTagFixture fixture) : IClassFixture<CacheTagFixture>
{
    [Fact]
    public async Task A_mutation_drops_every_entry_filed_under_its_tags_and_no_other()
    {
        const string quotes = "{ usd: quote(from: \"EUR\", to: \"USD\") { value } gbp: quote(from: \"EUR\", to: \"GBP\") { value } chf: quote(from: \"USD\", to: \"CHF\") { value } }";
        await fixture.Client.GraphQLAsync(quotes);
        await fixture.Demo.ResetAsync();
        Assert.False((await fixture.Client.GraphQLAsync(quotes)).HasErrors);
        Assert.Equal(0, (await fixture.Demo.StatsAsync()).Rates);

        var refreshed = await fixture.Client.GraphQLAsync("mutation { refreshQuotes(base: \"EUR\") { count } }");
        await fixture.Demo.ResetAsync();
        var again = await fixture.Client.GraphQLAsync(quotes);

        Assert.False(refreshed.HasErrors, string.Join("; ", refreshed.Errors));
        Assert.False(again.HasErrors, string.Join("; ", again.Errors));
        // Both EUR quotes come again, in one batch; the USD one is still cached.
        Assert.Equal(1, (await fixture.Demo.StatsAsync()).Rates);
        var items = await fixture.Demo.Client.GetStringAsync("_demo/stats");
        Assert.Contains("\"rates.batch\":2", items, StringComparison.Ordinal);
    }
}
