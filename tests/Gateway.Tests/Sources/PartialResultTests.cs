using System.Text.Json;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Sources;

/// <summary>One failing upstream costs only its own fields.</summary>
public sealed class PartialResultTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task With_weather_failing_every_customer_keeps_name_address_and_payments()
    {
        await fixture.Demo.ResetAsync();
        await fixture.Demo.FaultAsync("weather", errorRate: 1.0);
        var ids = string.Join(", ", Enumerable.Range(101, 50).Select(i => $"\"{i}\""));

        var response = await fixture.Client.GraphQLAsync($"{{ customers(ids: [{ids}]) {{ {BatchingTests.CustomerSelection} }} }}");
        await fixture.Demo.ResetAsync();

        var customers = response.Data.GetProperty("customers").EnumerateArray().ToList();
        Assert.Equal(50, customers.Count);
        Assert.All(customers, c =>
        {
            Assert.False(string.IsNullOrEmpty(c.GetProperty("name").GetString()));
            Assert.False(string.IsNullOrEmpty(c.GetProperty("address").GetProperty("city").GetString()));
            Assert.Equal(JsonValueKind.Null, c.GetProperty("address").GetProperty("location").GetProperty("weather").ValueKind);
            Assert.NotEqual(0, c.GetProperty("payments").GetProperty("nodes").GetArrayLength());
        });
        Assert.Equal(50, response.Errors.Count);
        Assert.Equal(
            Enumerable.Range(0, 50).Select(i => $"customers.{i}.address.location.weather").Order(),
            response.ErrorPaths.Order());
        Assert.All(response.Errors, e =>
        {
            Assert.Equal("UPSTREAM_ERROR", GraphQLResponse.Code(e));
            Assert.Equal("weather", e.GetProperty("extensions").GetProperty("source").GetString());
        });
    }

    [Fact]
    public async Task Upstream_errors_never_reveal_urls_bodies_or_stack_traces()
    {
        await fixture.Demo.ResetAsync();
        await fixture.Demo.FaultAsync("crm", errorRate: 1.0);

        using var raw = await fixture.Client.PostAsync("/graphql",
            GraphQLClientExtensions.Json("""{"query":"{ customer(id: \"1\") { name } weather(lat: 1, lng: 2) { humidity } }"}"""));
        var text = await raw.Content.ReadAsStringAsync();
        await fixture.Demo.ResetAsync();

        Assert.Contains("UPSTREAM_ERROR", text);
        Assert.Contains("humidity", text);
        Assert.DoesNotContain(fixture.Demo.BaseAddress.Authority, text);
        Assert.DoesNotContain("soap:Server", text);
        Assert.DoesNotContain("Envelope", text);
        Assert.DoesNotContain("temporarily unavailable", text);
        Assert.DoesNotContain("   at ", text);
    }
}
