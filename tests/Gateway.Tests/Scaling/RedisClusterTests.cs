using System.Diagnostics;
using System.Net;
using System.Text;
using Gateway.Sources.Payments.Webhooks;
using Gateway.Sources.Declarative.Connectors;
using Gateway.Testing;
using Gateway.Tests.Infrastructure;
using Gateway.Tests.Security;
using Gateway.Tests.Subscriptions;
using Microsoft.Extensions.DependencyInjection;
using static Gateway.Tests.Infrastructure.Eventually;
using static Gateway.Tests.Infrastructure.GraphQLWebSocketClient;

namespace Gateway.Tests.Scaling;

/// <summary>Subscriptions and persisted documents on a three-master Redis Cluster: the bus, the poll lease and the store.</summary>
public sealed class RedisClusterSubscriptionFixture : SubscriptionFixture
{
    public RedisCluster Cluster { get; private set; } = null!;

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
    {
        ["ConnectionStrings:Redis"] = Cluster.ConnectionString,
    };

    protected override async Task BeforeStartAsync() => Cluster = await RedisCluster.StartAsync(masters: 3);

    protected override async Task AfterStopAsync() => await Cluster.DisposeAsync();
}

public sealed class RedisClusterTests(RedisClusterSubscriptionFixture fixture) : IClassFixture<RedisClusterSubscriptionFixture>
{
    [Fact]
    public async Task A_webhook_received_by_one_instance_reaches_a_subscriber_on_the_other_once()
    {
        await using var other = fixture.StartAnotherGateway();
        await using var subscriber = await ConnectAndInitAsync(other.Address);
        await subscriber.SubscribeAsync("x", "subscription { paymentStatusChanged(paymentId: \"pay_clu0001\") { id status } }");
        // The other instance has subscribed to the sharded channel on the shard that owns it.
        await WaitUntilAsync(async () => await SubscribersAsync(PaymentEvents.Channel) == 1);
        var body = PaymentSubscriptionTests.Event("evt_clu_1", "pay_clu0001", "refunded");

        var status = await fixture.PostSignedWebhookAsync(body);
        var received = await subscriber.ReceiveAsync(TimeSpan.FromSeconds(15));
        var quiet = await subscriber.IsQuietAsync(TimeSpan.FromMilliseconds(700));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("REFUNDED", received.GetProperty("payload").GetProperty("data").GetProperty("paymentStatusChanged").GetProperty("status").GetString());
        Assert.True(quiet, "the event arrived twice");
    }

    [Fact]
    public async Task A_document_registered_through_one_instance_runs_by_hash_on_the_other()
    {
        await using var other = fixture.StartAnotherGateway();
        using var otherClient = other.CreateClient();
        const string query = "{ customer(id: \"23\") { crmId } }";
        var hash = PersistedOperationsTests.Sha256(query);

        await PersistedOperationsTests.PostAsync(fixture.Client, new { query, extensions = PersistedOperationsTests.Apq(hash) });
        var byHash = await PersistedOperationsTests.PostAsync(otherClient, new { extensions = PersistedOperationsTests.Apq(hash) });

        Assert.False(byHash.HasErrors, string.Join("; ", byHash.Errors));
        Assert.Equal("23", byHash.Data.GetProperty("customer").GetProperty("crmId").GetString());
    }

    [Fact]
    public async Task Two_instances_watching_one_location_poll_it_once_per_interval()
    {
        await using var other = fixture.StartAnotherGateway();
        await using var onFirst = await ConnectAndInitAsync(fixture.Address);
        await using var onOther = await ConnectAndInitAsync(other.Address);
        const string subscription = "subscription { weatherChanged(lat: 46.5, lng: 8.25) { temperatureC } }";
        await onFirst.SubscribeAsync("w", subscription);
        await onOther.SubscribeAsync("w", subscription);
        await WaitUntil(() => fixture.Gateway.Services.GetRequiredService<ConnectorPoller>().Watched == 1
            && other.Services.GetRequiredService<ConnectorPoller>().Watched == 1);
        await Task.WhenAll(onFirst.ReceiveAsync(TimeSpan.FromSeconds(20)), onOther.ReceiveAsync(TimeSpan.FromSeconds(20)));

        await fixture.Demo.ResetAsync();
        var clock = Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(2));
        var polls = (await fixture.Demo.StatsAsync()).Weather;
        var intervals = (int)(clock.Elapsed / SubscriptionFixture.PollInterval);

        // Without the lease each instance would poll every interval (twice as many); the slack covers ticks that
        // bunch up on a loaded machine.
        Assert.InRange(polls, 1, intervals + 2);
    }

    /// <summary>Sharded subscribers of <paramref name="channel"/> over every node (only the shard owning its slot has any).</summary>
    private async Task<long> SubscribersAsync(string channel)
    {
        long total = 0;
        foreach (var node in fixture.Cluster.Nodes)
        {
            var reply = (await RedisCluster.RedisCliAsync(["-p", node.Port.ToString(), "pubsub", "shardnumsub", channel])).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            total += long.Parse(reply[1].Trim());
        }
        return total;
    }
}
