using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Transport;

/// <summary>Request batching: a JSON array of operations, as Apollo's BatchHttpLink and graphql-request send it.</summary>
public sealed class RequestBatchingTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private static readonly string TwentyIds = string.Join(", ", Enumerable.Range(301, 20).Select(i => $"\"{i}\""));

    [Fact]
    public async Task Two_operations_on_the_same_customers_cost_one_crm_request_and_are_answered_in_order()
    {
        await fixture.Demo.ResetAsync();

        var (status, answers) = await PostBatchAsync(fixture.Client,
            new { query = $"{{ customers(ids: [{TwentyIds}]) {{ name }} }}" },
            new { query = $"query Emails {{ customers(ids: [{TwentyIds}]) {{ crmId email }} }}", operationName = "Emails" });

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(2, answers.GetArrayLength());
        Assert.False(string.IsNullOrEmpty(answers[0].GetProperty("data").GetProperty("customers")[0].GetProperty("name").GetString()));
        Assert.Equal("301", answers[1].GetProperty("data").GetProperty("customers")[0].GetProperty("crmId").GetString());
        Assert.Equal(1, (await fixture.Demo.StatsAsync()).Crm);
    }

    [Fact]
    public async Task A_batch_over_the_limit_is_refused_before_any_upstream_call()
    {
        await fixture.Demo.ResetAsync();
        var operations = Enumerable.Range(0, 11).Select(i => (object)new { query = $"{{ customer(id: \"{i + 1}\") {{ name }} }}" }).ToArray();

        var response = await fixture.Client.PostAsJsonAsync("/graphql", operations);
        var body = await GraphQLClientExtensions.ReadAsync(response);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("MAX_BATCH_SIZE_EXCEEDED", GraphQLResponse.Code(body.Errors.Single()));
        Assert.Equal(0, (await fixture.Demo.StatsAsync()).Total);
    }

    [Fact]
    public async Task A_batch_size_of_one_turns_batching_off()
    {
        await using var gateway = fixture.StartAnotherGateway(new Dictionary<string, string?> { ["Gateway:Limits:MaxBatchSize"] = "1" });
        using var client = gateway.CreateClient();

        var response = await client.PostAsJsonAsync("/graphql", new object[] { new { query = "{ __typename }" }, new { query = "{ __typename }" } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("MAX_BATCH_SIZE_EXCEEDED", GraphQLResponse.Code((await GraphQLClientExtensions.ReadAsync(response)).Errors.Single()));
    }

    [Fact]
    public async Task The_cost_limit_counts_the_batch_as_a_whole()
    {
        var query = $"{{ customers(ids: [{TwentyIds}]) {{ address {{ city }} }} }}";
        var cost = await CostOfAsync(query);
        await using var gateway = fixture.StartAnotherGateway(new Dictionary<string, string?> { ["Gateway:Limits:MaxCost"] = (cost * 3 / 2).ToString() });
        using var client = gateway.CreateClient();

        var alone = await client.GraphQLAsync(query);
        var (_, answers) = await PostBatchAsync(client, new { query }, new { query });

        Assert.False(alone.HasErrors, string.Join("; ", alone.Errors));
        Assert.False(answers[0].TryGetProperty("errors", out _));
        Assert.Equal("MAX_COST_EXCEEDED", answers[1].GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_refused_item_fails_alone_and_persisted_documents_work_inside_batches()
    {
        const string query = "{ customer(id: \"24\") { crmId } }";
        var hash = Security.PersistedOperationsTests.Sha256(query);

        var (_, answers) = await PostBatchAsync(fixture.Client,
            new { extensions = Security.PersistedOperationsTests.Apq(new string('0', 64)) },
            new { query, extensions = Security.PersistedOperationsTests.Apq(hash) },
            new { extensions = Security.PersistedOperationsTests.Apq(hash) });

        Assert.Equal("PERSISTED_QUERY_NOT_FOUND", answers[0].GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString());
        Assert.Equal("24", answers[1].GetProperty("data").GetProperty("customer").GetProperty("crmId").GetString());
        Assert.Equal("24", answers[2].GetProperty("data").GetProperty("customer").GetProperty("crmId").GetString());
    }

    /// <summary>The cost the gateway estimates for <paramref name="query"/>, read from its refusal under a limit of 1.</summary>
    private async Task<int> CostOfAsync(string query)
    {
        await using var gateway = fixture.StartAnotherGateway(new Dictionary<string, string?> { ["Gateway:Limits:MaxCost"] = "1" });
        using var client = gateway.CreateClient();
        var message = (await client.GraphQLAsync(query)).Errors.Single().GetProperty("message").GetString()!;
        return int.Parse(System.Text.RegularExpressions.Regex.Match(message, @"cost is (\d+)").Groups[1].Value);
    }

    private static async Task<(HttpStatusCode Status, JsonElement Answers)> PostBatchAsync(HttpClient client, params object[] operations)
    {
        using var response = await client.PostAsJsonAsync("/graphql", operations);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonDocument.Parse(text).RootElement.Clone());
    }
}
