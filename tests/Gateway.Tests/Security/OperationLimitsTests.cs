using System.Net;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Security;

public sealed class LimitsFixture : GatewayFixture
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
    {
        // Only built-in directives exist, and one of each per field, so this limit is tested at 1.
        ["Gateway:Limits:MaxDirectivesPerField"] = "1",
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
