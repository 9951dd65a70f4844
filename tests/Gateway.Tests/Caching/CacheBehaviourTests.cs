using System.Text.Json;
using Gateway.Testing;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Caching;

/// <summary>
/// What the upstream cache must do, asserted with the demo upstreams' request counts. Runs against the in-memory
/// default and against Redis. Each test uses its own ids, so entries cached by one test never serve another.
/// </summary>
public abstract class CacheBehaviourTests<TFixture>(TFixture fixture) where TFixture : MemoryCacheFixture
{
    protected TFixture Fixture { get; } = fixture;

    protected HttpClient Client => Fixture.Client;

    private static string Ids(int from, int count) => string.Join(", ", Enumerable.Range(from, count).Select(i => $"\"{i}\""));

    [Fact]
    public async Task Second_identical_composite_query_makes_no_upstream_request()
    {
        var query = $"{{ customers(ids: [{Ids(201, 50)}]) {{ {Sources.BatchingTests.CustomerSelection} }} }}";
        var first = await Client.GraphQLAsync(query);
        await Fixture.Demo.ResetAsync();

        var second = await Client.GraphQLAsync(query);

        Assert.False(second.HasErrors);
        Assert.Equal(first.Data.ToString(), second.Data.ToString());
        Assert.Equal(new UpstreamCounts(0, 0, 0, 0), await Fixture.Demo.StatsAsync());
    }

    [Fact]
    public async Task With_25_of_50_customers_cached_the_crm_gets_one_batch_of_the_other_25()
    {
        await Client.GraphQLAsync($"{{ customers(ids: [{Ids(301, 25)}]) {{ name }} }}");
        await Fixture.Demo.ResetAsync();

        var response = await Client.GraphQLAsync($"{{ customers(ids: [{Ids(301, 50)}]) {{ id name }} }}");

        Assert.Equal(50, response.Data.GetProperty("customers").EnumerateArray().Count(c => c.ValueKind == JsonValueKind.Object));
        Assert.Equal(1, (await Fixture.Demo.StatsAsync()).Crm);
        Assert.Equal(25, await Fixture.Demo.ItemsAsync("crm.GetCustomers"));
    }

    [Fact]
    public async Task A_customer_cached_by_one_field_is_a_hit_for_the_others()
    {
        await Client.GraphQLAsync("{ customer(id: \"401\") { name } }");
        await Fixture.Demo.ResetAsync();

        var response = await Client.GraphQLAsync("{ customers(ids: [\"401\"]) { name } payment(id: \"pay_040100\") { customer { name } } }");

        var name = response.Data.GetProperty("customers")[0].GetProperty("name").GetString();
        Assert.Equal(name, response.Data.GetProperty("payment").GetProperty("customer").GetProperty("name").GetString());
        Assert.Equal(new UpstreamCounts(0, 0, 0, 1), await Fixture.Demo.StatsAsync());
    }

    [Fact]
    public async Task An_expired_entry_is_fetched_again()
    {
        const string query = "{ weather(lat: 10.5, lng: 10.5) { temperatureC } }";
        await Client.GraphQLAsync(query);
        await Fixture.Demo.ResetAsync();

        await Client.GraphQLAsync(query);
        var whileFresh = (await Fixture.Demo.StatsAsync()).Weather;
        await Task.Delay(TimeSpan.FromSeconds(MemoryCacheFixture.WeatherTtlSeconds + 0.5));
        await Client.GraphQLAsync(query);

        Assert.Equal(0, whileFresh);
        Assert.Equal(1, (await Fixture.Demo.StatsAsync()).Weather);
    }

    [Fact]
    public async Task Updating_a_customer_invalidates_the_cached_customer()
    {
        const string read = "{ customer(id: \"450\") { email } }";
        await Client.GraphQLAsync(read);

        await Client.GraphQLAsync("mutation { updateCustomerContact(input: {id: \"450\", email: \"fresh@example.org\"}) { userErrors { code } } }");
        await Fixture.Demo.ResetAsync();
        var after = await Client.GraphQLAsync(read);

        Assert.Equal("fresh@example.org", after.Data.GetProperty("customer").GetProperty("email").GetString());
        Assert.Equal(1, (await Fixture.Demo.StatsAsync()).Crm);
    }

    [Fact]
    public async Task Creating_and_refunding_payments_invalidate_the_affected_lists_and_payment()
    {
        const string list = "{ customer(id: \"451\") { payments(first: 50) { nodes { id status } } } }";
        var before = await Nodes(list);
        var succeeded = before.First(p => p.GetProperty("status").GetString() == "SUCCEEDED").GetProperty("id").GetString();
        await Client.GraphQLAsync($"{{ payment(id: \"{succeeded}\") {{ status }} }}");

        var created = await Client.GraphQLAsync(
            "mutation { createPayment(input: {customerId: \"451\", amount: 9.99, currency: \"EUR\"}) { payment { id } } }");
        var afterCreate = await Nodes(list);
        await Client.GraphQLAsync($"mutation {{ refundPayment(input: {{paymentId: \"{succeeded}\"}}) {{ payment {{ status }} }} }}");
        var refunded = await Client.GraphQLAsync($"{{ payment(id: \"{succeeded}\") {{ status }} }}");
        var afterRefund = await Nodes(list);

        var newId = created.Data.GetProperty("createPayment").GetProperty("payment").GetProperty("id").GetString();
        Assert.Equal(before.Count + 1, afterCreate.Count);
        Assert.Contains(afterCreate, p => p.GetProperty("id").GetString() == newId);
        Assert.Equal("REFUNDED", refunded.Data.GetProperty("payment").GetProperty("status").GetString());
        Assert.Equal("REFUNDED", afterRefund.Single(p => p.GetProperty("id").GetString() == succeeded).GetProperty("status").GetString());
    }

    [Fact]
    public async Task After_expiry_a_failing_upstream_is_answered_with_stale_data_flagged_in_extensions()
    {
        const string query = "{ weather(lat: 20.25, lng: 20.25) { temperatureC condition } }";
        var fresh = await Client.GraphQLAsync(query);
        await Task.Delay(TimeSpan.FromSeconds(MemoryCacheFixture.WeatherTtlSeconds + 0.5));
        await Fixture.Demo.FaultAsync("weather", errorRate: 1.0);

        var stale = await Client.GraphQLAsync(query);
        await Fixture.Demo.ResetAsync();

        Assert.False(stale.HasErrors);
        Assert.Equal(fresh.Data.ToString(), stale.Data.ToString());
        var report = stale.Body.GetProperty("extensions").GetProperty("stale").EnumerateArray().Single();
        Assert.Equal("weather", report.GetProperty("path")[0].GetString());
        Assert.Equal("weather", report.GetProperty("source").GetString());
        Assert.True(report.GetProperty("ageSeconds").GetDouble() >= MemoryCacheFixture.WeatherTtlSeconds);
    }

    [Fact]
    public async Task Stale_data_is_flagged_at_each_path_that_took_it_and_only_there()
    {
        const string query = "{ customers(ids: [\"11\", \"12\"]) { name address { location { weather { temperatureC } } } } }";
        await Client.GraphQLAsync(query);
        await Task.Delay(TimeSpan.FromSeconds(MemoryCacheFixture.WeatherTtlSeconds + 0.5));
        await Fixture.Demo.FaultAsync("weather", errorRate: 1.0);

        var stale = await Client.GraphQLAsync(query);
        await Fixture.Demo.ResetAsync();
        // The next request is a new one: what was stale for the last is not flagged for it.
        var fresh = await Client.GraphQLAsync("{ customers(ids: [\"11\", \"12\"]) { name } }");

        Assert.False(stale.HasErrors);
        var paths = stale.Body.GetProperty("extensions").GetProperty("stale").EnumerateArray()
            .Select(entry => string.Join('.', entry.GetProperty("path").EnumerateArray().Select(part => part.ToString())))
            .Order(StringComparer.Ordinal);
        Assert.Equal(["customers.0.address.location.weather", "customers.1.address.location.weather"], paths);
        Assert.False(fresh.Body.TryGetProperty("extensions", out var extensions) && extensions.TryGetProperty("stale", out _));
    }

    [Fact]
    public async Task Concurrent_misses_for_one_customer_cause_one_upstream_fetch()
    {
        await Fixture.Demo.ResetAsync();
        await Fixture.Demo.FaultAsync("crm", latencyMs: 400);

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Client.GraphQLAsync("{ customer(id: \"470\") { name } }")));
        var crm = (await Fixture.Demo.StatsAsync()).Crm;
        await Fixture.Demo.ResetAsync();

        Assert.All(responses, r => Assert.False(r.HasErrors));
        Assert.Single(responses.Select(r => r.Data.GetProperty("customer").GetProperty("name").GetString()).Distinct());
        Assert.Equal(1, crm);
    }

    private async Task<List<JsonElement>> Nodes(string query) =>
        (await Client.GraphQLAsync(query)).Data.GetProperty("customer").GetProperty("payments").GetProperty("nodes").EnumerateArray().ToList();
}

public sealed class MemoryCacheTests(MemoryCacheFixture fixture)
    : CacheBehaviourTests<MemoryCacheFixture>(fixture), IClassFixture<MemoryCacheFixture>;

public sealed class RedisCacheTests(RedisCacheFixture fixture)
    : CacheBehaviourTests<RedisCacheFixture>(fixture), IClassFixture<RedisCacheFixture>
{
    [Fact]
    public async Task Two_gateway_instances_share_one_redis()
    {
        await using var other = Fixture.StartAnotherGateway();
        using var otherClient = other.CreateClient();
        const string query = "{ customer(id: \"490\") { name address { location { lat } } } }";
        await Client.GraphQLAsync(query);
        await Fixture.Demo.ResetAsync();

        var fromOther = await otherClient.GraphQLAsync(query);

        Assert.False(fromOther.HasErrors);
        Assert.Equal(new UpstreamCounts(0, 0, 0, 0), await Fixture.Demo.StatsAsync());
    }

    [Fact]
    public async Task Queries_succeed_while_redis_is_down_and_caching_resumes_when_it_returns()
    {
        await Fixture.Redis.StopAsync();
        try
        {
            await Fixture.Demo.ResetAsync();
            var during = await Client.GraphQLAsync("{ customer(id: \"495\") { name } }");
            var again = await Client.GraphQLAsync("{ customer(id: \"495\") { name } }");
            var health = await Client.GetStringAsync("/health/ready");

            Assert.False(during.HasErrors);
            Assert.False(again.HasErrors);
            // The first read goes upstream; the second is this instance's local copy (Gateway:Cache:LocalTtl).
            Assert.Equal(1, (await Fixture.Demo.StatsAsync()).Crm);
            Assert.Contains("Degraded", health);
        }
        finally
        {
            await Fixture.Redis.RestartAsync();
        }

        await WaitUntilReadyAsync();
        await Client.GraphQLAsync("{ customer(id: \"496\") { name } }");
        await Fixture.Demo.ResetAsync();
        var cached = await Client.GraphQLAsync("{ customer(id: \"496\") { name } }");

        Assert.False(cached.HasErrors);
        Assert.Equal(0, (await Fixture.Demo.StatsAsync()).Crm);
    }

    private async Task WaitUntilReadyAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if ((await Client.GetStringAsync("/health/ready")).Contains("\"redis\":{\"status\":\"Healthy\"", StringComparison.Ordinal))
            {
                return;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException("The gateway did not reconnect to Redis.");
    }
}

/// <summary>Every cache behaviour above on Redis Cluster, and what only a cluster can show.</summary>
public sealed class RedisClusterCacheTests(RedisClusterCacheFixture fixture)
    : CacheBehaviourTests<RedisClusterCacheFixture>(fixture), IClassFixture<RedisClusterCacheFixture>
{
    [Fact]
    public async Task A_batch_is_spread_over_the_masters_not_hash_tagged_onto_one()
    {
        var ids = string.Join(", ", Enumerable.Range(601, 50).Select(i => $"\"{i}\""));
        var response = await Client.GraphQLAsync($"{{ customers(ids: [{ids}]) {{ name }} }}");

        Assert.False(response.HasErrors, string.Join("; ", response.Errors));
        var keysPerMaster = new List<long>();
        foreach (var master in Fixture.Cluster.Masters)
        {
            keysPerMaster.Add(long.Parse((await RedisCluster.RedisCliAsync(["-p", master.Port.ToString(), "dbsize"])).Trim()));
        }
        Assert.True(keysPerMaster.Count(count => count > 0) >= 2, $"keys per master: {string.Join(", ", keysPerMaster)}");
        Assert.True(keysPerMaster.Sum() >= 50, $"keys per master: {string.Join(", ", keysPerMaster)}");
    }

    [Fact]
    public async Task An_entry_another_instance_rewrote_is_read_as_rewritten_though_this_one_decoded_the_old_bytes()
    {
        await using var other = Fixture.StartAnotherGateway();
        using var otherClient = other.CreateClient();
        const string read = "{ customer(id: \"455\") { email } }";
        var before = await Client.GraphQLAsync(read);

        // The other instance changes the customer and caches the new answer: new bytes under the same entry name.
        await otherClient.GraphQLAsync("mutation { updateCustomerContact(input: {id: \"455\", email: \"rewritten@example.org\"}) { userErrors { code } } }");
        await otherClient.GraphQLAsync(read);
        await Fixture.Demo.ResetAsync();
        var after = await Client.GraphQLAsync(read);

        Assert.NotEqual("rewritten@example.org", before.Data.GetProperty("customer").GetProperty("email").GetString());
        Assert.Equal("rewritten@example.org", after.Data.GetProperty("customer").GetProperty("email").GetString());
        // Read from the cluster, as the other instance wrote it: no upstream call.
        Assert.Equal(0, (await Fixture.Demo.StatsAsync()).Crm);
    }

    [Fact]
    public async Task Two_gateway_instances_share_one_cluster()
    {
        await using var other = Fixture.StartAnotherGateway();
        using var otherClient = other.CreateClient();
        const string query = "{ customer(id: \"690\") { name address { location { lat } } } }";
        await Client.GraphQLAsync(query);
        await Fixture.Demo.ResetAsync();

        var fromOther = await otherClient.GraphQLAsync(query);

        Assert.False(fromOther.HasErrors);
        Assert.Equal(new UpstreamCounts(0, 0, 0, 0), await Fixture.Demo.StatsAsync());
    }
}
