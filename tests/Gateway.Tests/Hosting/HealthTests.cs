using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Hosting;

public sealed class HealthTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task Liveness_reports_the_process_only()
    {
        var live = await fixture.Client.GetFromJsonAsync<JsonElement>("/health/live");

        Assert.Equal("Healthy", live.GetProperty("status").GetString());
        Assert.Equal(["process"], live.GetProperty("checks").EnumerateObject().Select(c => c.Name));
    }

    [Fact]
    public async Task Readiness_reports_dependencies()
    {
        await fixture.Client.GraphQLAsync("{ customer(id: \"1\") { name } }");

        using var response = await fixture.Client.GetAsync("/health/ready");
        var ready = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", ready.GetProperty("status").GetString());
        Assert.Equal("Closed", ready.GetProperty("checks").GetProperty("upstreams").GetProperty("crm").GetString());
    }
}
