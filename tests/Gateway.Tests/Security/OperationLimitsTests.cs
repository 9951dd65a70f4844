using System.Net;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Security;

public sealed class LimitsFixture : GatewayFixture
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
    {
        // Only built-in directives exist, and one of each per field, so this limit is tested at 1.
        ["Gateway:Limits:MaxDirectivesPerField"] = "1",
        // Small enough that documents at and just over them stay cheap to run.
        ["Gateway:Limits:MaxCost"] = "52",
        ["Gateway:Limits:MaxTokens"] = "203",
    };
}

/// <summary>Operation limits: just under passes, just over is a 400 with its code and no upstream request.</summary>
public sealed class OperationLimitsTests(LimitsFixture fixture) : IClassFixture<LimitsFixture>
{
    // customer > payments > nodes > customer > … : each hop adds a level.
    private static string Deep(int levels)
    {
        var query = "id";
        for (var level = levels - 1; level >= 1; level--)
        {
            query = (level % 3) switch
            {
                1 => $"customer(id: \"1\") {{ {query} }}",
                2 => $"payments(first: 1) {{ {query} }}",
                _ => $"nodes {{ {query} }}",
            };
            if (level > 1 && level % 3 == 1)
            {
                query = query.Replace("customer(id: \"1\")", "customer", StringComparison.Ordinal);
            }
        }
        return "{ " + query + " }";
    }

    [Fact]
    public async Task Depth_at_the_limit_passes_and_one_more_level_is_refused_without_upstream_calls()
    {
        var atLimit = await fixture.Client.GraphQLAsync(Deep(10));
        await fixture.Demo.ResetAsync();

        var over = await fixture.Client.GraphQLAsync(Deep(11));

        Assert.False(atLimit.HasErrors, string.Join("; ", atLimit.Errors));
        Assert.Equal(HttpStatusCode.BadRequest, over.Status);
        Assert.Equal("MAX_DEPTH_EXCEEDED", GraphQLResponse.Code(over.Errors.Single()));
        Assert.Equal(0, (await fixture.Demo.StatsAsync()).Total);
    }

    [Theory]
    [InlineData(30, null)]
    [InlineData(31, "MAX_ALIASES_EXCEEDED")]
    public async Task Aliases_are_limited(int aliases, string? code)
    {
        var query = "{ c: customer(id: \"2\") { " + string.Join(" ", Enumerable.Range(0, aliases - 1).Select(i => $"n{i}: name")) + " } }";
        await fixture.Demo.ResetAsync();

        var response = await fixture.Client.GraphQLAsync(query);

        await AssertOutcomeAsync(response, code);
    }

    [Theory]
    [InlineData(20, null)]
    [InlineData(21, "MAX_ROOT_FIELDS_EXCEEDED")]
    public async Task Root_fields_are_limited(int fields, string? code)
    {
        var names = new[] { "customer(id: \"3\") { id }", "weather(lat: 1, lng: 1) { humidity }", "__typename" };
        var query = "{ " + string.Join(" ", Enumerable.Range(0, fields).Select(i => i < names.Length ? names[i] : $"t{i}: __typename")) + " }";
        await fixture.Demo.ResetAsync();

        var response = await fixture.Client.GraphQLAsync(query);

        await AssertOutcomeAsync(response, code);
    }

    [Theory]
    [InlineData("{ customer(id: \"4\") { name @include(if: true) } }", null)]
    [InlineData("{ customer(id: \"4\") { name @include(if: true) @skip(if: false) } }", "MAX_DIRECTIVES_EXCEEDED")]
    public async Task Directives_per_field_are_limited(string query, string? code)
    {
        await fixture.Demo.ResetAsync();

        var response = await fixture.Client.GraphQLAsync(query);

        await AssertOutcomeAsync(response, code);
    }

    [Theory]
    [InlineData(20_000, null)]
    [InlineData(20_001, "MAX_DOCUMENT_LENGTH_EXCEEDED")]
    public async Task Document_length_is_limited(int length, string? code)
    {
        const string body = "{ customer(id: \"5\") { id } }";
        var query = body + new string(' ', length - body.Length);
        await fixture.Demo.ResetAsync();

        var response = await fixture.Client.GraphQLAsync(query);

        await AssertOutcomeAsync(response, code);
    }

    // customer costs 1, payments 1, and nodes 1 per item: 2 + n.
    private const string PaymentsPage = "query($n: Int) { customer(id: \"6\") { payments(first: $n) { nodes { id } } } }";

    [Fact]
    public async Task Cost_counts_the_page_size_from_variables_on_every_request_of_a_cached_document()
    {
        var atLimit = await fixture.Client.GraphQLAsync(PaymentsPage, new { n = 50 });
        await fixture.Demo.ResetAsync();

        // The same text again: its document is cached and validated, and the cost is still checked.
        var over = await fixture.Client.GraphQLAsync(PaymentsPage, new { n = 51 });

        Assert.False(atLimit.HasErrors, string.Join("; ", atLimit.Errors));
        Assert.Equal(HttpStatusCode.BadRequest, over.Status);
        Assert.Equal("MAX_COST_EXCEEDED", GraphQLResponse.Code(over.Errors.Single()));
        Assert.Contains("cost is 53", over.Errors.Single().GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, (await fixture.Demo.StatsAsync()).Total);
    }

    [Theory]
    [InlineData(51, null)]
    [InlineData(52, "MAX_COST_EXCEEDED")]
    public async Task Cost_multiplies_what_a_list_selects_by_its_ids(int ids, string? code)
    {
        // customers costs 1, and each customer's address 1: 1 + ids.
        var list = string.Join(", ", Enumerable.Range(1, ids).Select(i => $"\"{i}\""));
        await fixture.Demo.ResetAsync();

        var response = await fixture.Client.GraphQLAsync($"{{ customers(ids: [{list}]) {{ address {{ city }} }} }}");

        await AssertOutcomeAsync(response, code);
    }

    [Fact]
    public async Task Cost_uses_the_default_page_size_when_first_is_omitted()
    {
        // payments without first is a page of 10 (Gateway:Limits:DefaultListSize): 2 + 10, aliased 5 times: 60.
        var query = "{ customer(id: \"7\") { " + string.Join(" ", Enumerable.Range(0, 5).Select(i => $"p{i}: payments {{ nodes {{ id }} }}")) + " } }";
        await fixture.Demo.ResetAsync();

        var response = await fixture.Client.GraphQLAsync(query);

        await AssertOutcomeAsync(response, "MAX_COST_EXCEEDED");
    }

    [Theory]
    [InlineData(40, null)]
    [InlineData(41, "MAX_TOKENS_EXCEEDED")]
    public async Task Tokens_are_limited(int nesting, string? code)
    {
        // { + 4 per "... on Query {" + __typename + 1 per "}" + }: 5n + 3 tokens, 203 at 40.
        var query = "{ " + string.Concat(Enumerable.Repeat("... on Query { ", nesting)) + "__typename" + string.Concat(Enumerable.Repeat(" }", nesting)) + " }";
        await fixture.Demo.ResetAsync();

        var response = await fixture.Client.GraphQLAsync(query);

        await AssertOutcomeAsync(response, code);
    }

    [Theory]
    [InlineData("{ customer(id: \"8\") { name name name name name name name name name name } }", null)]
    [InlineData("{ customer(id: \"8\") { name name name name name name name name name name name } }", "MAX_DUPLICATED_FIELDS_EXCEEDED")]
    [InlineData("{ customer(id: \"8\") { ...F ...F ...G } } fragment F on Customer { name name name name } fragment G on Customer { name name name }", "MAX_DUPLICATED_FIELDS_EXCEEDED")]
    [InlineData("{ __typename __typename __typename __typename __typename __typename __typename __typename __typename __typename __typename }", "MAX_DUPLICATED_FIELDS_EXCEEDED")]
    public async Task Duplicated_fields_are_limited(string query, string? code)
    {
        await fixture.Demo.ResetAsync();

        var response = await fixture.Client.GraphQLAsync(query);

        await AssertOutcomeAsync(response, code);
    }

    [Fact]
    public async Task A_deep_introspection_query_is_not_limited()
    {
        const string typeRef = "fragment T on __Type { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } } }";

        var response = await fixture.Client.GraphQLAsync("{ __schema { types { fields { type { ...T } } } } } " + typeRef);

        Assert.False(response.HasErrors, string.Join("; ", response.Errors));
    }

    [Fact]
    public async Task A_fragment_cycle_is_a_400_not_a_hang()
    {
        var response = await fixture.Client.GraphQLAsync("{ ...A } fragment A on Query { ...B } fragment B on Query { ...A }");

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
    }

    private async Task AssertOutcomeAsync(GraphQLResponse response, string? code)
    {
        if (code is null)
        {
            Assert.False(response.HasErrors, string.Join("; ", response.Errors));
            return;
        }
        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal(code, GraphQLResponse.Code(response.Errors.Single()));
        Assert.Equal(0, (await fixture.Demo.StatsAsync()).Total);
    }
}
