using System.Net.Http.Json;
using System.Text.Json;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Declarative;

/// <summary>A source over the demo's exchange rates that sends a configured API key and a header computed per call.</summary>
public sealed class HeaderSourceFixture : TestSourceFixture
{
    protected override string Source => SourceReloadFixture.Quotes.Replace(
        "body: \"{ pairs: $keys }\"",
        "body: \"{ pairs: $keys }\"\n      headers: \"{ 'X-Quote-Base': $keys[0].from, 'X-Nothing': $keys[0].missing }\"",
        StringComparison.Ordinal);

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
    {
        ["Sources:Quotes:Headers:X-Api-Key"] = "key-from-configuration",
    };
}

public sealed class HeaderTests(HeaderSourceFixture fixture) : IClassFixture<HeaderSourceFixture>
{
    [Fact]
    public async Task A_call_carries_the_configured_headers_and_those_its_connector_computes()
    {
        await fixture.Demo.ResetAsync();

        var response = await fixture.Client.GraphQLAsync("{ quote(from: \"EUR\", to: \"USD\") { currency } }");

        Assert.False(response.HasErrors, string.Join("; ", response.Errors));
        var received = (await fixture.Demo.Client.GetFromJsonAsync<JsonElement>("_demo/stats")).GetProperty("headers").GetProperty("rates");
        Assert.Equal(["key-from-configuration"], Values(received, "x-api-key"));
        Assert.Equal(["EUR"], Values(received, "x-quote-base"));
        Assert.Empty(Values(received, "x-nothing"));
    }

    [Fact]
    public async Task A_value_a_header_cannot_carry_is_bad_user_input_and_is_not_sent()
    {
        await fixture.Demo.ResetAsync();

        var response = await fixture.Client.GraphQLAsync("query($from: String!) { quote(from: $from, to: \"USD\") { currency } }", new { from = "EU\r\nX-Injected: 1" });

        Assert.Equal("BAD_USER_INPUT", GraphQLResponse.Code(response.Errors.Single()));
        Assert.Equal(0, (await fixture.Demo.StatsAsync()).Rates);
    }

    [Fact]
    public void A_configured_header_that_http_cannot_carry_stops_the_start()
    {
        var thrown = Record.Exception(() => fixture.StartAnotherGateway(new Dictionary<string, string?> { ["Sources:Quotes:Headers:X-Api-Key"] = "a\nb" }).Dispose());

        Assert.NotNull(thrown);
        Assert.Contains("Headers:X-Api-Key is not a header an HTTP request can carry", thrown.ToString(), StringComparison.Ordinal);
    }

    private static string[] Values(JsonElement received, string header) =>
        received.TryGetProperty(header, out var values) ? [.. values.EnumerateArray().Select(v => v.GetString()!)] : [];
}
