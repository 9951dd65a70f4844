using Gateway.Sources.Common.Schema;
using Gateway.Tests.Infrastructure;
using GraphQL.Types;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Gateway.Tests.Security;

/// <summary>A resolver bug, as production clients see it: no exception text, a correlation id that is in the log.</summary>
public sealed class ErrorMaskingTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private const string Secret = "Password=hunter2 at http://10.1.2.3:8080/internal";

    [Theory]
    [InlineData("Production")]
    [InlineData("Development")]
    public async Task An_unexpected_exception_is_masked_and_its_correlation_id_matches_the_server_log(string environment)
    {
        var logs = new LogCapture();
        await using var gateway = new GatewayServer(fixture.Demo, environment: environment, configureServices: services =>
        {
            services.AddSingleton<IFieldContributor<QueryGraphType>, ExplodingField>();
            services.AddSingleton<ILoggerProvider>(logs);
        });
        using var client = gateway.CreateClient();

        var response = await client.GraphQLAsync("{ customer(id: \"41\") { name } explode }");

        Assert.NotNull(response.Data.GetProperty("customer").GetProperty("name").GetString());
        var error = response.Errors.Single();
        var text = error.ToString();
        Assert.Equal("INTERNAL_SERVER_ERROR", GraphQLResponse.Code(error));
        Assert.Equal("explode", response.ErrorPaths.Single());
        Assert.DoesNotContain("hunter2", text, StringComparison.Ordinal);
        Assert.DoesNotContain("10.1.2.3", text, StringComparison.Ordinal);
        Assert.DoesNotContain("InvalidOperation", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("ExplodingField", text, StringComparison.Ordinal);
        var correlationId = error.GetProperty("extensions").GetProperty("correlationId").GetString();
        Assert.Matches("^[0-9a-f]{32}$", correlationId);
        Assert.Contains(correlationId!, error.GetProperty("message").GetString(), StringComparison.Ordinal);
        var logged = Assert.Single(logs.Entries, entry => entry.Exception is InvalidOperationException);
        Assert.Equal(correlationId, logged.Values["CorrelationId"]);
        // Every log entry of the request carries its trace id, which is the correlation id.
        Assert.Equal(correlationId, logged.Values["TraceId"]?.ToString());
        Assert.Equal(LogLevel.Error, logged.Level);
    }

    [Fact]
    public async Task Variables_and_tokens_never_reach_the_log()
    {
        var logs = new LogCapture();
        await using var gateway = new GatewayServer(fixture.Demo, new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Debug",
        }, configureServices: services => services.AddSingleton<ILoggerProvider>(logs));
        using var client = gateway.CreateClient();

        await client.GraphQLAsync("query($q: String!) { searchCustomers(query: $q) { totalCount } }", new { q = "s3cr3t-variable-value" });
        await client.GraphQLAsync("query($id: ID!) { customer(id: $id) { name } }", new { id = "s3cr3t-bad-id" });

        Assert.NotEmpty(logs.Entries);
        foreach (var entry in logs.Entries)
        {
            var text = entry.Message + " " + string.Join(" ", entry.Values.Values) + " " + entry.Exception;
            Assert.DoesNotContain("s3cr3t", text, StringComparison.Ordinal);
            Assert.DoesNotContain(TestTokens.Default, text, StringComparison.Ordinal);
        }
    }

    private sealed class ExplodingField : IFieldContributor<QueryGraphType>
    {
        public void Contribute(QueryGraphType query) =>
            query.Field<StringGraphType>("explode").Resolve(_ => throw new InvalidOperationException(Secret));
    }
}
