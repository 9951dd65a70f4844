using System.Net;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Schema;

/// <summary>The "exactly one" inputs are @oneOf inputs, in introspection and in validation.</summary>
public sealed class OneOfInputTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    [Theory]
    [InlineData("CustomerSortInput")]
    [InlineData("PaymentSortInput")]
    public async Task Sort_inputs_are_one_of_inputs(string type)
    {
        var response = await fixture.Client.GraphQLAsync($"{{ __type(name: \"{type}\") {{ isOneOf }} }}");

        Assert.True(response.Data.GetProperty("__type").GetProperty("isOneOf").GetBoolean());
    }

    [Fact]
    public async Task A_sort_entry_that_sets_two_fields_is_refused_by_validation()
    {
        await fixture.Demo.ResetAsync();

        var response = await fixture.Client.GraphQLAsync("{ searchCustomers(query: \"\", order: [{name: ASC, id: DESC}]) { totalCount } }");

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.NotEmpty(response.Errors);
        Assert.Equal(0, (await fixture.Demo.StatsAsync()).Total);
    }
}
