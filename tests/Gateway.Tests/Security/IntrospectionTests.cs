using System.Net;
using Gateway.Testing;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Security;

public sealed class IntrospectionTests
{
    private const string Introspection = "{ __schema { queryType { name } } }";

    [Fact]
    public async Task Production_refuses_introspection_but_keeps_typename()
    {
        await using var demo = await DemoServer.StartAsync();
        await using var gateway = new GatewayServer(demo, environment: "Production");
        using var client = gateway.CreateClient();

        var schema = await client.GraphQLAsync(Introspection);
        var type = await client.GraphQLAsync("{ __type(name: \"Customer\") { name } }");
        var typename = await client.GraphQLAsync("{ __typename }");

        Assert.Equal(HttpStatusCode.BadRequest, schema.Status);
        Assert.Equal("INTROSPECTION_DISABLED", GraphQLResponse.Code(schema.Errors.Single()));
        Assert.Equal("INTROSPECTION_DISABLED", GraphQLResponse.Code(type.Errors.Single()));
        Assert.Equal("Query", typename.Data.GetProperty("__typename").GetString());
    }

    [Fact]
    public async Task Introspection_can_be_turned_on_in_production_and_is_on_in_development()
    {
        await using var demo = await DemoServer.StartAsync();
        await using var production = new GatewayServer(demo, new Dictionary<string, string?> { ["Gateway:Introspection"] = "true" }, environment: "Production");
        await using var development = new GatewayServer(demo);
        using var productionClient = production.CreateClient();
        using var developmentClient = development.CreateClient();

        var allowed = await productionClient.GraphQLAsync(Introspection);
        var inDevelopment = await developmentClient.GraphQLAsync(Introspection);

        Assert.Equal("Query", allowed.Data.GetProperty("__schema").GetProperty("queryType").GetProperty("name").GetString());
        Assert.Equal("Query", inDevelopment.Data.GetProperty("__schema").GetProperty("queryType").GetProperty("name").GetString());
    }
}

public sealed class FieldSuggestionTests
{
    private const string Typo = "{ custmer(id: \"1\") { id } }";

    [Fact]
    public async Task Production_errors_do_not_suggest_field_names_but_development_errors_do()
    {
        await using var demo = await DemoServer.StartAsync();
        await using var production = new GatewayServer(demo, environment: "Production");
        await using var development = new GatewayServer(demo);
        using var productionClient = production.CreateClient();
        using var developmentClient = development.CreateClient();

        var masked = (await productionClient.GraphQLAsync(Typo)).Errors.Single().GetProperty("message").GetString()!;
        var helpful = (await developmentClient.GraphQLAsync(Typo)).Errors.Single().GetProperty("message").GetString()!;

        Assert.Equal("Cannot query field 'custmer' on type 'Query'.", masked);
        Assert.Contains("Did you mean 'customer'", helpful);
    }
}
