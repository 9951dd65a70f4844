using Gateway.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using static Gateway.Tests.Infrastructure.GraphQLWebSocketClient;

namespace Gateway.Tests.Subscriptions;

/// <summary>An instance that shuts down sends its WebSocket clients away at once, and they carry on at another instance.</summary>
public sealed class GracefulShutdownTests(RedisSubscriptionFixture fixture) : IClassFixture<RedisSubscriptionFixture>
{
    private const string Subscription = "subscription { paymentStatusChanged(paymentId: \"pay_bye0001\") { id status } }";

    [Fact]
    public async Task Shutting_down_closes_websockets_with_1001_and_the_client_continues_on_another_instance()
    {
        var leaving = fixture.StartAnotherGateway();
        var client = await ConnectAndInitAsync(leaving.Address);
        await client.SubscribeAsync("s", Subscription);
        await Eventually.WaitUntil(() => leaving.Services.GetRequiredService<Gateway.Transport.WebSockets.WebSocketConnections>().Operations == 1);

        leaving.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication();
        var code = await client.ExpectCloseAsync(TimeSpan.FromSeconds(10));
        var readiness = await leaving.Services.GetRequiredService<Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckService>()
            .CheckHealthAsync(check => check.Tags.Contains("ready"));
        await client.DisposeAsync();
        await leaving.DisposeAsync();

        // What graphql-ws does on 1001: reconnect, here to the instance that stays, and subscribe again.
        await using var again = await ConnectAndInitAsync(fixture.Address);
        await again.SubscribeAsync("s", Subscription);
        // The remaining instance listens on the payment channel in Redis before the event is sent.
        await using var redis = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(fixture.Redis.ConnectionString);
        await Eventually.WaitUntil(() => (long)((StackExchange.Redis.RedisResult[])redis.GetServers()[0]
            .Execute("PUBSUB", "NUMSUB", Gateway.Sources.Payments.Webhooks.PaymentEvents.Channel)!)[1] == 1);
        var body = PaymentSubscriptionTests.Event("evt_bye_1", "pay_bye0001", "refunded");
        Assert.Equal(System.Net.HttpStatusCode.OK, await fixture.PostSignedWebhookAsync(body));
        var next = await again.ReceiveAsync(TimeSpan.FromSeconds(15));

        Assert.Equal(1001, code);
        // Readiness fails once shutdown begins, so the load balancer stops sending requests to the leaving instance.
        Assert.Equal(Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Unhealthy, readiness.Entries["shutdown"].Status);
        Assert.Equal("REFUNDED", next.GetProperty("payload").GetProperty("data").GetProperty("paymentStatusChanged").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Shutting_down_ends_event_streams_with_complete_so_the_client_resubscribes_elsewhere()
    {
        var leaving = fixture.StartAnotherGateway();
        using var http = leaving.CreateAnonymousClient();
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", TestTokens.Default);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql")
        {
            Content = GraphQLClientExtensions.Json("{\"query\":\"subscription { customerUpdated(id: \\\"30\\\") { id } }\"}"),
        };
        request.Headers.Accept.ParseAdd("text/event-stream");
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        // The stream is open (its headers arrived) before the instance is told to stop.
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());

        leaving.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var lines = new List<string>();
        while (await reader.ReadLineAsync(timeout.Token) is { } line)
        {
            lines.Add(line);
        }
        await leaving.DisposeAsync();

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("event: complete", lines);
    }
}
