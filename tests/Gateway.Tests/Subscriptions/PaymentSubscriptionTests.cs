using System.Net;
using System.Text;
using System.Text.Json;
using Gateway.Sources.Common.Events;
using Gateway.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static Gateway.Tests.Infrastructure.Eventually;
using static Gateway.Tests.Infrastructure.GraphQLWebSocketClient;

namespace Gateway.Tests.Subscriptions;

/// <summary>Payments webhooks turned into <c>paymentStatusChanged</c> events, and the webhook receiver's defences.</summary>
public sealed class PaymentSubscriptionTests(SubscriptionFixture fixture) : IClassFixture<SubscriptionFixture>
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    private const string Subscription = "subscription ($customerId: ID) { paymentStatusChanged(customerId: $customerId) { id paymentId status customer { name } } }";

    [Fact]
    public async Task A_created_payment_is_followed_from_pending_to_settled_through_the_webhooks()
    {
        await using var client = await ConnectAndInitAsync(fixture.Address);
        await client.SubscribeAsync("p", Subscription, new { customerId = "17" });
        await WaitForSubscribersAsync(1);

        var created = await fixture.Client.GraphQLAsync(
            "mutation { createPayment(input: {customerId: \"17\", amount: 20, currency: \"EUR\"}) { payment { id } } }");
        var first = await client.ReceiveAsync();
        var second = await client.ReceiveAsync();

        var id = created.Data.GetProperty("createPayment").GetProperty("payment").GetProperty("id").GetString();
        var pending = first.GetProperty("payload").GetProperty("data").GetProperty("paymentStatusChanged");
        var settled = second.GetProperty("payload").GetProperty("data").GetProperty("paymentStatusChanged");
        Assert.Equal(id, pending.GetProperty("id").GetString());
        Assert.Equal("PENDING", pending.GetProperty("status").GetString());
        Assert.Equal("SUCCEEDED", settled.GetProperty("status").GetString());
        Assert.False(string.IsNullOrEmpty(settled.GetProperty("customer").GetProperty("name").GetString()));
    }

    [Fact]
    public async Task Bad_stale_replayed_and_reserialised_webhooks_publish_nothing()
    {
        await using var client = await ConnectAndInitAsync(fixture.Address);
        await client.SubscribeAsync("w", Subscription, new { customerId = "18" });
        await WaitForSubscribersAsync(1);
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var first = Event("evt_sec_1", "pay_sec0001", "succeeded");
        var second = Event("evt_sec_2", "pay_sec0002", "failed");

        var badSignature = await fixture.PostWebhookAsync(first, $"t={now},v1={new string('0', 64)}");
        var wrongSecret = await fixture.PostWebhookAsync(first, SubscriptionFixture.Sign(first, now, "whsec_other"));
        var stale = await fixture.PostWebhookAsync(first, SubscriptionFixture.Sign(first, now - 600));
        var missing = await fixture.PostWebhookAsync(first, null);
        var reserialised = await fixture.PostWebhookAsync(JsonSerializer.Serialize(JsonDocument.Parse(first).RootElement, Indented),
            SubscriptionFixture.Sign(first, now));
        var accepted = await fixture.PostWebhookAsync(first, SubscriptionFixture.Sign(first, now));
        var replayed = await fixture.PostWebhookAsync(first, SubscriptionFixture.Sign(first, now + 1));
        var another = await fixture.PostWebhookAsync(second, SubscriptionFixture.Sign(second, now));
        var one = await client.ReceiveAsync();
        var two = await client.ReceiveAsync();

        Assert.Equal(
            [HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.BadRequest],
            new[] { badSignature, wrongSecret, stale, missing, reserialised });
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK], new[] { accepted, replayed, another });
        // The first event arrives once, and the next one is the second event: nothing else was published.
        Assert.Equal("pay_sec0001", one.GetProperty("payload").GetProperty("data").GetProperty("paymentStatusChanged").GetProperty("paymentId").GetString());
        Assert.Equal("pay_sec0002", two.GetProperty("payload").GetProperty("data").GetProperty("paymentStatusChanged").GetProperty("paymentId").GetString());
    }

    private async Task WaitForSubscribersAsync(int channels)
    {
        var bus = (InMemoryEventBus)fixture.Gateway.Services.GetRequiredService<IEventBus>();
        await WaitUntil(() => bus.ActiveChannels >= channels);
    }

    public static string Event(string eventId, string paymentId, string status, int customerId = 18) =>
        JsonSerializer.Serialize(new
        {
            id = eventId,
            type = $"payment.{status}",
            created = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            data = new
            {
                @object = new
                {
                    id = paymentId,
                    customerId,
                    amount = 1500,
                    currency = "EUR",
                    status,
                    createdAt = DateTimeOffset.UtcNow,
                    refundedAt = (DateTimeOffset?)null,
                    description = "test",
                },
            },
        });
}
