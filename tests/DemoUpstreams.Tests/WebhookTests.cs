using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Gateway.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace DemoUpstreams.Tests;

public sealed class WebhookTests
{
    private const string Secret = "whsec_test_secret";

    [Fact]
    public async Task Payment_changes_are_delivered_signed_and_retried_while_the_receiver_fails()
    {
        await using var receiver = await Receiver.StartAsync(failFirst: 2);
        await using var demo = await DemoServer.StartAsync(new Dictionary<string, string?>
        {
            ["Payments:WebhookUrl"] = receiver.Url,
            ["Payments:WebhookSecret"] = Secret,
            ["Payments:SettleDelayMs"] = "100",
            ["Payments:WebhookInitialBackoffMs"] = "20",
        });

        using var created = await demo.Client.PostAsJsonAsync("payments/v1/payments", new { customerId = 9, amount = 1200, currency = "EUR" });
        var paymentId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        var delivered = await receiver.WaitForAcceptedAsync(2, TimeSpan.FromSeconds(30));

        // Two refused attempts of the first event, then both events accepted, in order.
        Assert.Equal(4, receiver.Attempts.Count);
        Assert.Equal(3, receiver.Attempts.Count(a => a.EventId == delivered[0].EventId));
        Assert.Equal(["payment.created", "payment.succeeded"], delivered.Select(d => d.Type));
        Assert.All(delivered, d => Assert.Equal(paymentId, d.PaymentId));
        Assert.All(receiver.Attempts, a => Assert.True(a.SignatureValid, "every attempt carries a valid signature"));
        Assert.Equal(2, delivered.Select(d => d.EventId).Distinct().Count());
    }

    [Fact]
    public async Task Amounts_ending_in_13_are_declined()
    {
        await using var receiver = await Receiver.StartAsync(failFirst: 0);
        await using var demo = await DemoServer.StartAsync(new Dictionary<string, string?>
        {
            ["Payments:WebhookUrl"] = receiver.Url,
            ["Payments:WebhookSecret"] = Secret,
            ["Payments:SettleDelayMs"] = "50",
        });

        using var created = await demo.Client.PostAsJsonAsync("payments/v1/payments", new { customerId = 9, amount = 1013, currency = "EUR" });
        var delivered = await receiver.WaitForAcceptedAsync(2, TimeSpan.FromSeconds(30));

        Assert.Equal("payment.failed", delivered[1].Type);
    }

    private sealed record Attempt(string EventId, string Type, string? PaymentId, bool SignatureValid, bool Accepted);

    private sealed class Receiver : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private int _remainingFailures;

        private Receiver(WebApplication app, int failFirst)
        {
            _app = app;
            _remainingFailures = failFirst;
        }

        public ConcurrentQueue<Attempt> Attempts { get; } = new();

        public string Url { get; private set; } = "";

        public static async Task<Receiver> StartAsync(int failFirst)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            var app = builder.Build();
            var receiver = new Receiver(app, failFirst);
            app.MapPost("/hook", (Delegate)receiver.HandleAsync);
            await app.StartAsync();
            receiver.Url = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First() + "/hook";
            return receiver;
        }

        private async Task<IResult> HandleAsync(HttpContext context)
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer);
            var body = buffer.ToArray();
            var header = context.Request.Headers["Payments-Signature"].ToString();
            var parts = header.Split(',').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
            var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes(parts["t"] + ".").Concat(body).ToArray());
            var valid = CryptographicOperations.FixedTimeEquals(Convert.FromHexString(parts["v1"]), expected);
            using var json = JsonDocument.Parse(body);
            var root = json.RootElement;
            var accept = Interlocked.Decrement(ref _remainingFailures) < 0;
            Attempts.Enqueue(new Attempt(
                root.GetProperty("id").GetString()!,
                root.GetProperty("type").GetString()!,
                root.GetProperty("data").GetProperty("object").GetProperty("id").GetString(),
                valid,
                accept));
            return accept ? Results.Ok() : Results.StatusCode(500);
        }

        public async Task<List<Attempt>> WaitForAcceptedAsync(int count, TimeSpan timeout)
        {
            var deadline = DateTime.UtcNow + timeout;
            while (DateTime.UtcNow < deadline)
            {
                var accepted = Attempts.Where(a => a.Accepted).ToList();
                if (accepted.Count >= count)
                {
                    return accepted;
                }
                await Task.Delay(20);
            }
            throw new TimeoutException($"Fewer than {count} webhooks were accepted.");
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
