using Gateway.Tests.Infrastructure;
using StackExchange.Redis;
using static Gateway.Tests.Infrastructure.Eventually;

namespace Gateway.Tests.Caching;

/// <summary>Redis with local copies that would live 10 minutes unless an invalidation removed them.</summary>
public sealed class TieredCacheFixture : GatewayFixture
{
    protected override bool UsesRedis => true;

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Gateway:Cache:Enabled"] = "true",
        ["Gateway:Cache:LocalTtl"] = "00:10:00",
    };
}

/// <summary>Local copies in front of Redis: what they save, and that invalidations reach every instance.</summary>
public sealed class TieredCacheTests(TieredCacheFixture fixture) : IClassFixture<TieredCacheFixture>
{
    [Fact]
    public async Task A_repeated_read_is_served_locally_and_another_instance_reads_Redis_not_the_upstream()
    {
        await using var other = fixture.StartAnotherGateway();
        using var otherClient = other.CreateClient();
        await using var redis = await ConnectionMultiplexer.ConnectAsync(fixture.Redis.ConnectionString + ",allowAdmin=true");
        const string query = "{ customer(id: \"510\") { name } }";
        await fixture.Client.GraphQLAsync(query);
        // The other instance connects to Redis now: the client's connection handshake reads a key of its own.
        await otherClient.GraphQLAsync("{ customer(id: \"511\") { name } }");
        await fixture.Demo.ResetAsync();

        var before = await KeyspaceReadsAsync(redis);
        var again = await fixture.Client.GraphQLAsync(query);
        var afterLocalRead = await KeyspaceReadsAsync(redis);
        var fromOther = await otherClient.GraphQLAsync(query);
        var afterOtherRead = await KeyspaceReadsAsync(redis);

        var mon = await redis.GetServer(redis.GetEndPoints()[0]).ExecuteAsync("SLOWLOG", "GET", "50");
        Console.Error.WriteLine("DEBUG " + string.Join("\n", ((RedisResult[])mon!).Select(r => string.Join(" ", string.Join(" ", ((RedisResult[])((RedisResult[])r!)[3]!).Select(x => x.ToString()))))));
        Assert.Equal(again.Data.ToString(), fromOther.Data.ToString());
        Assert.Equal(before, afterLocalRead);
        Assert.Equal(before + 1, afterOtherRead);
        Assert.Equal(0, (await fixture.Demo.StatsAsync()).Total);
    }

    [Fact]
    public async Task A_mutation_on_one_instance_removes_the_local_copy_on_the_other()
    {
        await using var other = fixture.StartAnotherGateway();
        using var otherClient = other.CreateClient();
        const string query = "{ customer(id: \"520\") { phone } }";
        var before = (await otherClient.GraphQLAsync(query)).Data.GetProperty("customer").GetProperty("phone").GetString();

        var update = await fixture.Client.GraphQLAsync("mutation { updateCustomerContact(input: { id: \"520\", phone: \"+49 30 5200\" }) { customer { phone } } }");
        string? after = null;
        await WaitUntil(() =>
        {
            after = otherClient.GraphQLAsync(query).GetAwaiter().GetResult().Data.GetProperty("customer").GetProperty("phone").GetString();
            return after == "+49 30 5200";
        }, seconds: 5);

        Assert.False(update.HasErrors, string.Join("; ", update.Errors));
        Assert.NotEqual("+49 30 5200", before);
        Assert.Equal("+49 30 5200", after);
    }

    [Fact]
    public async Task A_new_payment_removes_every_cached_page_of_that_customer_on_the_other_instance()
    {
        await using var other = fixture.StartAnotherGateway();
        using var otherClient = other.CreateClient();
        const string query = "{ customer(id: \"530\") { payments(first: 20) { nodes { id } } } }";
        var before = PaymentIds(await otherClient.GraphQLAsync(query));

        var created = await fixture.Client.GraphQLAsync("mutation { createPayment(input: { customerId: \"530\", amount: 5, currency: \"EUR\" }) { payment { id } } }");
        var id = created.Data.GetProperty("createPayment").GetProperty("payment").GetProperty("id").GetString()!;
        await WaitUntil(() => PaymentIds(otherClient.GraphQLAsync(query).GetAwaiter().GetResult()).Contains(id), seconds: 5);

        Assert.DoesNotContain(id, before);
    }

    private static List<string> PaymentIds(GraphQLResponse response) =>
        [.. response.Data.GetProperty("customer").GetProperty("payments").GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("id").GetString()!)];

    /// <summary>keyspace_hits + keyspace_misses: every key Redis was asked to read.</summary>
    private static async Task<long> KeyspaceReadsAsync(ConnectionMultiplexer redis)
    {
        var info = (string)(await redis.GetDatabase().ExecuteAsync("INFO", "stats"))!;
        return info.Split('\n').Select(line => line.Trim().Split(':')).Where(parts => parts[0] is "keyspace_hits" or "keyspace_misses")
            .Sum(parts => long.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture));
    }
}
