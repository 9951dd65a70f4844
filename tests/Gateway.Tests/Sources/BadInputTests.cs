using System.Text.Json;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Sources;

public sealed class BadInputTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    [Theory]
    [InlineData("{ customer(id: \"0\") { id } }", "customer")]
    [InlineData("{ customer(id: \"12abc\") { id } }", "customer")]
    [InlineData("{ customer(id: \"99999999999\") { id } }", "customer")]
    [InlineData("{ payment(id: \"../../admin\") { id } }", "payment")]
    [InlineData("{ payment(id: \"https://evil.example/x\") { id } }", "payment")]
    [InlineData("{ weather(lat: 91, lng: 0) { humidity } }", "weather")]
    [InlineData("{ weather(lat: 0, lng: -180.5) { humidity } }", "weather")]
    [InlineData("{ searchCustomers(query: \"\", first: 0) { totalCount } }", "searchCustomers")]
    [InlineData("{ searchCustomers(query: \"\", first: 101) { totalCount } }", "searchCustomers")]
    [InlineData("{ searchCustomers(query: \"\", after: \"bm9wZQ\") { totalCount } }", "searchCustomers")]
    [InlineData("{ searchCustomers(query: \"\", order: [{name: ASC}, {id: DESC}]) { totalCount } }", "searchCustomers")]
    [InlineData("{ geocode(address: \"   \") { lat } }", "geocode")]
    public async Task Invalid_arguments_are_bad_user_input_and_call_no_upstream(string query, string path)
    {
        await fixture.Demo.ResetAsync();

        var response = await fixture.Client.GraphQLAsync(query);

        var error = response.Errors.Single();
        Assert.Equal("BAD_USER_INPUT", GraphQLResponse.Code(error));
        Assert.Equal(path, error.GetProperty("path")[0].GetString());
        Assert.Equal(0, (await fixture.Demo.StatsAsync()).Total);
    }

    [Fact]
    public async Task Out_of_range_first_on_payments_fails_that_field_only()
    {
        await fixture.Demo.ResetAsync();

        var response = await fixture.Client.GraphQLAsync("{ customer(id: \"1\") { name payments(first: 500) { nodes { id } } } }");

        Assert.Equal("BAD_USER_INPUT", GraphQLResponse.Code(response.Errors.Single()));
        Assert.Equal(["customer.payments"], response.ErrorPaths);
        Assert.False(string.IsNullOrEmpty(response.Data.GetProperty("customer").GetProperty("name").GetString()));
        Assert.Equal(JsonValueKind.Null, response.Data.GetProperty("customer").GetProperty("payments").ValueKind);
        Assert.Equal(0, (await fixture.Demo.StatsAsync()).Payments);
    }

    [Fact]
    public async Task Unknown_and_malformed_ids_fail_only_their_own_items()
    {
        var response = await fixture.Client.GraphQLAsync("{ customers(ids: [\"1\", \"424242\", \"nope\", \"2\"]) { crmId } }");

        var customers = response.Data.GetProperty("customers");
        Assert.Equal("1", customers[0].GetProperty("crmId").GetString());
        Assert.Equal(JsonValueKind.Null, customers[1].ValueKind);
        Assert.Equal(JsonValueKind.Null, customers[2].ValueKind);
        Assert.Equal("2", customers[3].GetProperty("crmId").GetString());
        Assert.Equal(["customers.1", "customers.2"], response.ErrorPaths.Order());
        Assert.Equal(["NOT_FOUND", "BAD_USER_INPUT"], response.Errors.OrderBy(e => e.GetProperty("path")[1].GetInt32()).Select(GraphQLResponse.Code));
    }

    [Fact]
    public async Task Unknown_address_and_payment_are_not_found()
    {
        var response = await fixture.Client.GraphQLAsync("{ geocode(address: \"1 Nowhere Road, Atlantis\") { lat } payment(id: \"pay_missing1\") { id } }");

        Assert.Equal(JsonValueKind.Null, response.Data.GetProperty("geocode").ValueKind);
        Assert.Equal(JsonValueKind.Null, response.Data.GetProperty("payment").ValueKind);
        Assert.All(response.Errors, e => Assert.Equal("NOT_FOUND", GraphQLResponse.Code(e)));
        Assert.Equal(2, response.Errors.Count);
    }
}
