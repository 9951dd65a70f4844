using System.Net.Http.Json;
using System.Text.Json;
using Gateway.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace Gateway.Tests.Security;

public sealed class HeaderForwardingFixture : GatewayFixture
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
    {
        ["Sources:Crm:FirstParty"] = "true",
        ["Sources:Crm:ForwardHeaders:0"] = "X-Tenant-Id",
        ["Sources:Payments:FirstParty"] = "true",
        // Replaces the tenant header appsettings.json forwards to payments.
        ["Sources:Payments:ForwardHeaders:0"] = "X-Correlation-Id",
        ["Sources:Weather:FirstParty"] = "false",
        ["Sources:Weather:ForwardHeaders:0"] = "X-Tenant-Id",
        ["Sources:Maps:FirstParty"] = "false",
        ["Sources:Maps:ForwardHeaders:0"] = null,
    };
}

/// <summary>What of the caller's request reaches each upstream, as the demo upstreams recorded it.</summary>
public sealed class HeaderForwardingTests(HeaderForwardingFixture fixture) : IClassFixture<HeaderForwardingFixture>
{
    private const string Composite = "{ customer(id: \"51\") { name address { location { weather { temperatureC } } } payments(first: 1) { nodes { id } } } }";

    [Fact]
    public async Task Each_upstream_gets_only_its_allowlisted_headers_and_Authorization_only_if_first_party()
    {
        await fixture.Demo.ResetAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = JsonContent.Create(new { query = Composite }) };
        request.Headers.Add("X-Tenant-Id", "acme");
        request.Headers.Add("Cookie", "session=secret-session");
        request.Headers.Add("X-Forwarded-For", "6.6.6.6");
        request.Headers.Add("X-Forwarded-Host", "evil.example");
        request.Headers.Add("Forwarded", "for=6.6.6.6;host=evil.example");
        request.Headers.Add("X-Real-IP", "6.6.6.6");
        request.Headers.Add("X-Internal-Debug", "1");
        request.Headers.Add("Proxy-Authorization", "Basic c2VjcmV0");

        using var response = await fixture.Client.SendAsync(request);
        var body = await GraphQLClientExtensions.ReadAsync(response);
        var received = (await fixture.Demo.Client.GetFromJsonAsync<JsonElement>("_demo/stats")).GetProperty("headers");

        Assert.False(body.HasErrors, string.Join("; ", body.Errors));
        Assert.Equal(["acme"], Values(received, "crm", "x-tenant-id"));
        Assert.Equal(["acme"], Values(received, "weather", "x-tenant-id"));
        Assert.Empty(Values(received, "maps", "x-tenant-id"));
        Assert.Empty(Values(received, "payments", "x-tenant-id"));
        Assert.Equal(["Bearer " + TestTokens.Default], Values(received, "crm", "authorization"));
        Assert.Equal(["Bearer " + TestTokens.Default], Values(received, "payments", "authorization"));
        Assert.Empty(Values(received, "weather", "authorization"));
        Assert.Empty(Values(received, "maps", "authorization"));
        foreach (var upstream in new[] { "crm", "maps", "weather", "payments" })
        {
            foreach (var header in new[] { "cookie", "x-forwarded-for", "x-forwarded-host", "forwarded", "x-real-ip", "x-internal-debug", "proxy-authorization" })
            {
                Assert.Empty(Values(received, upstream, header));
            }
            // Host names the upstream, never the gateway the client called.
            Assert.Equal([fixture.Demo.BaseAddress.Authority], Values(received, upstream, "host"));
        }
    }

    [Theory]
    [InlineData("Cookie")]
    [InlineData("Host")]
    [InlineData("Connection")]
    [InlineData("X-Forwarded-For")]
    [InlineData("Authorization")]
    public void A_header_that_must_never_be_forwarded_stops_the_gateway_from_starting(string header)
    {
        var failure = Record.Exception(() =>
        {
            using var gateway = new GatewayServer(fixture.Demo, new Dictionary<string, string?> { ["Sources:Maps:ForwardHeaders:0"] = header });
        });

        var validation = Assert.IsType<OptionsValidationException>(failure);
        Assert.Contains(header, validation.Message, StringComparison.Ordinal);
    }

    private static string[] Values(JsonElement received, string upstream, string header) =>
        received.TryGetProperty(upstream, out var headers) && headers.TryGetProperty(header, out var values)
            ? values.EnumerateArray().Select(v => v.GetString()!).ToArray()
            : [];
}
