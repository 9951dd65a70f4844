using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Resilience;

public sealed class RetryTests(RetryFixture fixture) : IClassFixture<RetryFixture>
{
    [Fact]
    public async Task Retries_hide_a_30_percent_error_rate_on_reads_within_the_retry_budget()
    {
        const int queries = 20;
        await fixture.Demo.ResetAsync();
        await fixture.Demo.FaultAsync("weather", errorRate: 0.3);

        var responses = new List<GraphQLResponse>();
        for (var i = 0; i < queries; i++)
        {
            responses.Add(await fixture.Client.GraphQLAsync($"{{ weather(lat: {i}.5, lng: 3.5) {{ temperatureC }} }}"));
        }
        var calls = (await fixture.Demo.StatsAsync()).Weather;
        await fixture.Demo.ResetAsync();

        Assert.All(responses, r => Assert.False(r.HasErrors, string.Join("; ", r.Errors)));
        Assert.InRange(calls, queries + 1, queries * (1 + RetryFixture.MaxRetries));
    }

    [Fact]
    public async Task A_failing_read_is_retried_but_a_contact_update_is_sent_once()
    {
        await fixture.Demo.ResetAsync();
        await fixture.Demo.FaultAsync("crm", errorRate: 1.0);

        var read = await fixture.Client.GraphQLAsync("{ customer(id: \"60\") { name } }");
        var readCalls = (await fixture.Demo.StatsAsync()).Crm;
        var update = await fixture.Client.GraphQLAsync(
            "mutation { updateCustomerContact(input: {id: \"60\", phone: \"+1 555 0160\"}) { customer { phone } } }");
        var updateCalls = (await fixture.Demo.StatsAsync()).Crm - readCalls;
        await fixture.Demo.ResetAsync();

        Assert.Equal("UPSTREAM_ERROR", GraphQLResponse.Code(read.Errors.Single()));
        Assert.Equal(3, readCalls);
        Assert.Equal("UPSTREAM_ERROR", GraphQLResponse.Code(update.Errors.Single()));
        Assert.Equal(["updateCustomerContact"], update.ErrorPaths);
        Assert.Equal(1, updateCalls);
    }

    [Fact]
    public async Task Create_payment_is_retried_with_its_idempotency_key_and_creates_one_payment()
    {
        const string list = "{ customer(id: \"61\") { payments(first: 100) { nodes { id } } } }";
        var before = (await fixture.Client.GraphQLAsync(list)).Data.GetProperty("customer").GetProperty("payments").GetProperty("nodes").GetArrayLength();
        await fixture.Demo.ResetAsync();
        await fixture.Demo.FaultAsync("payments", errorRate: 1.0);

        var failed = await fixture.Client.GraphQLAsync(
            "mutation { createPayment(input: {customerId: \"61\", amount: 5, currency: \"EUR\", idempotencyKey: \"retry-61\"}) { payment { id } } }");
        var attempts = (await fixture.Demo.StatsAsync()).Payments;
        await fixture.Demo.ResetAsync();
        var succeeded = await fixture.Client.GraphQLAsync(
            "mutation { createPayment(input: {customerId: \"61\", amount: 5, currency: \"EUR\", idempotencyKey: \"retry-61\"}) { payment { id } } }");
        var after = (await fixture.Client.GraphQLAsync(list)).Data.GetProperty("customer").GetProperty("payments").GetProperty("nodes").GetArrayLength();

        Assert.Equal("UPSTREAM_ERROR", GraphQLResponse.Code(failed.Errors.Single()));
        Assert.Equal(3, attempts);
        Assert.False(succeeded.HasErrors);
        Assert.Equal(before + 1, after);
    }
}
