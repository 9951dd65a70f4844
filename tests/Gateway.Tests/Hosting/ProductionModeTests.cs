using System.Net;
using Gateway.Testing;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Hosting;

public sealed class ProductionModeTests
{
    [Fact]
    public async Task Production_environment_starts_without_the_embedded_demo_and_serves_queries()
    {
        await using var demo = await DemoServer.StartAsync();
        await using var gateway = new GatewayServer(demo, new Dictionary<string, string?> { ["Demo:Enabled"] = null }, environment: "Production");
        using var client = gateway.CreateClient();

        var response = await client.GraphQLAsync("{ customer(id: \"5\") { name } broken: customer(id: \"x\") { name } }");
        using var live = await client.GetAsync("/health/live");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.False(string.IsNullOrEmpty(response.Data.GetProperty("customer").GetProperty("name").GetString()));
        Assert.Equal("BAD_USER_INPUT", GraphQLResponse.Code(response.Errors.Single()));
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
    }
}
