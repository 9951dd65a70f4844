using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Declarative;

/// <summary>A source over the demo payments service's own cursor-paged list (<c>?limit=&amp;startingAfter=</c>, <c>{ data, hasMore }</c>).</summary>
public sealed class LedgerSourceFixture : TestSourceFixture
{
    protected override string Name => "ledger";

    protected override string Upstream => "payments/";

    protected override string Source => """
        type LedgerEntry { id: ID!  amount: Int!  currency: String! }
        type LedgerEntryConnection { edges: [LedgerEntryEdge!]!  nodes: [LedgerEntry!]!  pageInfo: PageInfo! }
        type LedgerEntryEdge { cursor: String!  node: LedgerEntry! }

        extend type Query {
          ledger(customerId: ID!, first: Int, after: String): LedgerEntryConnection!
            @connect(
              http: "GET /v1/customers/{$args.customerId}/payments"
              query: "{ limit: $page.limit, startingAfter: $page.after }"
              paging: "cursor"
              items: "data"
              cursor: "id"
              more: "hasMore"
            )
        }
        """;
}

public sealed class CursorPagingTests(LedgerSourceFixture fixture) : IClassFixture<LedgerSourceFixture>
{
    // Customer 10 has seven payments at the demo: two full pages of three and one more.
    private const string Page = "query($after: String, $first: Int) { ledger(customerId: \"10\", first: $first, after: $after) { nodes { id } pageInfo { hasNextPage hasPreviousPage endCursor } } }";

    [Fact]
    public async Task Pages_follow_the_upstreams_cursors_one_call_each()
    {
        var all = (await fixture.Client.GraphQLAsync(Page, new { first = 6 })).Data.GetProperty("ledger");
        await fixture.Demo.ResetAsync();

        var one = await fixture.Client.GraphQLAsync(Page, new { first = 3 });
        var first = one.Data.GetProperty("ledger");
        var two = await fixture.Client.GraphQLAsync(Page, new { first = 3, after = first.GetProperty("pageInfo").GetProperty("endCursor").GetString() });
        var second = two.Data.GetProperty("ledger");

        Assert.False(one.HasErrors || two.HasErrors, string.Join("; ", one.Errors.Concat(two.Errors)));
        Assert.Equal(Ids(all), [.. Ids(first), .. Ids(second)]);
        Assert.Equal(3, Ids(second).Count);
        Assert.True(first.GetProperty("pageInfo").GetProperty("hasNextPage").GetBoolean());
        Assert.False(first.GetProperty("pageInfo").GetProperty("hasPreviousPage").GetBoolean());
        Assert.True(second.GetProperty("pageInfo").GetProperty("hasPreviousPage").GetBoolean());
        Assert.Equal(2, (await fixture.Demo.StatsAsync()).Payments);
    }

    [Fact]
    public async Task A_cursor_of_another_field_is_bad_user_input()
    {
        var response = await fixture.Client.GraphQLAsync(Page, new { first = 3, after = Gateway.Sources.Common.Paging.Cursor.Encode("Query.other", "pay_1") });

        Assert.Equal("BAD_USER_INPUT", GraphQLResponse.Code(response.Errors.Single()));
    }

    private static List<string> Ids(System.Text.Json.JsonElement connection) =>
        [.. connection.GetProperty("nodes").EnumerateArray().Select(node => node.GetProperty("id").GetString()!)];
}
