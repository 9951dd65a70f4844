using System.Diagnostics;
using System.Text.Json;
using Gateway.Sources.Declarative.Connectors;
using Gateway.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static Gateway.Tests.Infrastructure.Eventually;
using static Gateway.Tests.Infrastructure.GraphQLWebSocketClient;

namespace Gateway.Tests.Subscriptions;

public sealed class WeatherPollingTests(SubscriptionFixture fixture) : IClassFixture<SubscriptionFixture>
{
    [Fact]
    public async Task Twenty_subscribers_on_one_location_cause_one_poll_per_interval_and_polling_stops_after_the_last_leaves()
    {
        const int subscribers = 20;
        var poller = fixture.Gateway.Services.GetRequiredService<ConnectorPoller>();
        var clients = new List<GraphQLWebSocketClient>();
        for (var i = 0; i < subscribers; i++)
        {
            var client = await ConnectAndInitAsync(fixture.Address);
            await client.SubscribeAsync("w", "subscription { weatherChanged(lat: 45.5, lng: 7.25) { temperatureC condition observedAt } }");
            clients.Add(client);
        }
        await WaitUntil(() => poller.Watched == 1);

        // Demo weather changes every second, and polling runs while the clients subscribe one after another: the
        // first change the last one sees came after every client subscribed, so every client sees it (an earlier
        // client may see a change or two before it).
        var last = await clients[^1].ReceiveAsync(TimeSpan.FromSeconds(20));
        var seenByAll = new List<JsonElement> { last };
        foreach (var client in clients[..^1])
        {
            var received = await client.ReceiveAsync(TimeSpan.FromSeconds(20));
            for (var earlier = 0; Change(received) != Change(last) && earlier < 5; earlier++)
            {
                received = await client.ReceiveAsync(TimeSpan.FromSeconds(20));
            }
            seenByAll.Add(received);
        }
        await fixture.Demo.ResetAsync();
        var clock = Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(2));
        var polls = (await fixture.Demo.StatsAsync()).Weather;
        var intervals = (int)(clock.Elapsed / SubscriptionFixture.PollInterval);

        Assert.All(seenByAll, e => Assert.Equal("next", e.GetProperty("type").GetString()));
        Assert.Single(seenByAll.Select(Change).Distinct());
        // One poll per interval however many subscribers (20 would make it 20 per interval); the slack covers
        // timer ticks that bunch up on a loaded machine.
        Assert.InRange(polls, 1, intervals + 3);
        Assert.True(polls < subscribers, $"{polls} polls in {intervals} intervals");

        foreach (var client in clients)
        {
            await client.DisposeAsync();
        }
        await WaitUntil(() => poller.Watched == 0);
        await Task.Delay(SubscriptionFixture.PollInterval * 2);
        var afterLastLeft = (await fixture.Demo.StatsAsync()).Weather;
        await Task.Delay(SubscriptionFixture.PollInterval * 4);

        Assert.Equal(afterLastLeft, (await fixture.Demo.StatsAsync()).Weather);
    }

    private static string Change(JsonElement message) =>
        message.TryGetProperty("payload", out var payload) ? payload.GetProperty("data").GetProperty("weatherChanged").ToString() : message.ToString();
}
