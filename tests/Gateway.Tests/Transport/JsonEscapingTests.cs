using System.Text;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Transport;

/// <summary>Responses escape only what JSON requires: apostrophes and non-ASCII text are written as they are.</summary>
public sealed class JsonEscapingTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task Errors_read_as_written_over_http()
    {
        using var response = await fixture.Client.PostAsync("/graphql", GraphQLClientExtensions.Json("{\"query\":\"{ nope }\"}"));
        var text = await response.Content.ReadAsStringAsync();

        Assert.Contains("'nope'", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u0027", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Data_keeps_its_characters_and_json_stays_valid()
    {
        var response = await fixture.Client.GraphQLAsync("query($q: String!) { geocode(address: $q) { lat } }", new { q = "Ölweg 1 \"<x>\" & 'y', Zürich" });
        using var raw = await fixture.Client.PostAsync("/graphql",
            new StringContent("{\"query\":\"{ __typename t: __typename }\"}", Encoding.UTF8, "application/json"));
        var text = await raw.Content.ReadAsStringAsync();

        // The echoed address in the NOT_FOUND message is raw UTF-8, and the document still parses.
        Assert.Contains("Ölweg", response.Body.ToString(), StringComparison.Ordinal);
        Assert.Contains("\"t\":\"Query\"", text, StringComparison.Ordinal);
    }
}
