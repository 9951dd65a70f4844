using System.Security.Cryptography;
using System.Text;
using DemoUpstreams.Payments;
using Gateway.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Tests.Subscriptions;

/// <summary>
/// A gateway whose demo upstreams deliver their payment webhooks to it (shared secret), with short protocol
/// timeouts and a fast weather poll, so the real-time paths can be exercised quickly.
/// </summary>
public class SubscriptionFixture : GatewayFixture
{
    public const string WebhookSecret = "whsec_gateway_tests";
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
    {
        ["Sources:Payments:WebhookSecret"] = WebhookSecret,
        ["Sources:Weather:PollInterval"] = PollInterval.ToString(),
        ["Gateway:Subscriptions:ConnectionInitTimeout"] = "00:00:10",
        ["Gateway:Subscriptions:MaxOperationsPerConnection"] = "3",
        ["Gateway:Subscriptions:KeepAliveInterval"] = "00:00:00.300",
    };

    protected override IReadOnlyDictionary<string, string?> DemoSettings => new Dictionary<string, string?>
    {
        ["Payments:WebhookSecret"] = WebhookSecret,
        ["Payments:SettleDelayMs"] = "200",
        ["Payments:WebhookInitialBackoffMs"] = "50",
        ["Demo:Weather:StepSeconds"] = "1",
    };

    public Uri Address => Gateway.Address;

    protected override Task AfterStartAsync()
    {
        Demo.Services.GetRequiredService<WebhookDispatcher>().WebhookUrl = new Uri(Address, "/webhooks/payments").AbsoluteUri;
        return Task.CompletedTask;
    }

    /// <summary>Posts a payment webhook to this fixture's gateway, with <paramref name="signature"/> (none when null).</summary>
    public async Task<System.Net.HttpStatusCode> PostWebhookAsync(string body, string? signature)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/payments")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        if (signature is not null)
        {
            request.Headers.TryAddWithoutValidation("Payments-Signature", signature);
        }
        using var response = await Client.SendAsync(request);
        return response.StatusCode;
    }

    /// <summary>Posts <paramref name="body"/> signed now with the shared secret, as the payments service sends it.</summary>
    public Task<System.Net.HttpStatusCode> PostSignedWebhookAsync(string body) =>
        PostWebhookAsync(body, Sign(body, DateTimeOffset.UtcNow.ToUnixTimeSeconds()));

    /// <summary>Signs <paramref name="body"/> as the payments service does.</summary>
    public static string Sign(string body, long timestamp, string secret = WebhookSecret)
    {
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{body}"));
        return $"t={timestamp},v1={Convert.ToHexStringLower(mac)}";
    }
}

/// <summary>The same with Redis as the bus, for fan-out across two instances.</summary>
public sealed class RedisSubscriptionFixture : SubscriptionFixture
{
    protected override bool UsesRedis => true;
}

/// <summary>A gateway that waits only 300 ms for <c>connection_init</c>.</summary>
public sealed class InitTimeoutFixture : GatewayFixture
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
    {
        ["Gateway:Subscriptions:ConnectionInitTimeout"] = "00:00:00.300",
    };
}
