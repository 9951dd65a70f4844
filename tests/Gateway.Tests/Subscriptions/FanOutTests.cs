using System.Net;
using System.Text;
using Gateway.Sources.Payments.Webhooks;
using Gateway.Tests.Infrastructure;
using StackExchange.Redis;
using static Gateway.Tests.Infrastructure.Eventually;
using static Gateway.Tests.Infrastructure.GraphQLWebSocketClient;

namespace Gateway.Tests.Subscriptions;

/// <summary>Two gateway instances on one real redis-server.</summary>
public sealed class FanOutTests(RedisSubscriptionFixture fixture) : IClassFixture<RedisSubscriptionFixture>
{
    [Fact]
    public async Task A_webhook_received_by_one_instance_reaches_subscribers_on_both_exactly_once_and_no_channel_leaks()
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(fixture.Redis.ConnectionString);
        var channel = RedisChannel.Literal(PaymentEvents.Channel);
        await using var other = fixture.StartAnotherGateway();
        var onOther = await ConnectAndInitAsync(other.Address);
        var onFirst = await ConnectAndInitAsync(fixture.Address);
        const string subscription = "subscription { paymentStatusChanged(paymentId: \"pay_fan0001\") { id status } }";
        await onOther.SubscribeAsync("x", subscription);
        await onFirst.SubscribeAsync("x", subscription);
        // Each instance subscribes its own connection to the channel once, however many local subscribers it has.
        await WaitUntil(() => NumSub(redis, channel) == 2);

        var body = PaymentSubscriptionTests.Event("evt_fan_1", "pay_fan0001", "refunded");
        var status = await fixture.PostSignedWebhookAsync(body);
        var onOtherEvent = await onOther.ReceiveAsync();
        var onFirstEvent = await onFirst.ReceiveAsync();
        var quiet = await onOther.IsQuietAsync(TimeSpan.FromMilliseconds(700));
        await onOther.DisposeAsync();
        await onFirst.DisposeAsync();

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("REFUNDED", onOtherEvent.GetProperty("payload").GetProperty("data").GetProperty("paymentStatusChanged").GetProperty("status").GetString());
        Assert.Equal("REFUNDED", onFirstEvent.GetProperty("payload").GetProperty("data").GetProperty("paymentStatusChanged").GetProperty("status").GetString());
        Assert.True(quiet, "the event arrived twice on the other instance");
        await WaitUntil(() => NumSub(redis, channel) == 0);
    }

    private static long NumSub(ConnectionMultiplexer redis, RedisChannel channel)
    {
        var reply = redis.GetServers()[0].Execute("PUBSUB", "NUMSUB", channel.ToString());
        return (long)((RedisResult[])reply!)[1];
    }
}
