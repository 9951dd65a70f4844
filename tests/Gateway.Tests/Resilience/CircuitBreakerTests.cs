using System.Text.Json;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Resilience;

public sealed class CircuitBreakerTests(BreakerFixture fixture) : IClassFixture<BreakerFixture>
{
    [Fact]
    public async Task The_breaker_opens_fails_fast_spares_other_sources_and_closes_after_a_healthy_probe()
    {
        await fixture.Demo.ResetAsync();
        await fixture.Demo.FaultAsync("maps", errorRate: 1.0);
        static string Query(int i) => $"{{ geocode(address: \"{i} Main Street, Berlin\") {{ lat }} weather(lat: 52.5, lng: 13.4) {{ humidity }} }}";

        var failures = new List<GraphQLResponse>();
        for (var i = 0; i < BreakerFixture.MinimumThroughput; i++)
        {
            failures.Add(await fixture.Client.GraphQLAsync(Query(i)));
        }
        var open = await fixture.Client.GraphQLAsync(Query(100));
        var mapsCallsWhileOpen = (await fixture.Demo.StatsAsync()).Maps;
        var readyWhileOpen = await fixture.Client.GetFromJsonElementAsync("/health/ready");

        await fixture.Demo.ResetAsync();
        await Task.Delay(BreakerFixture.BreakDuration + TimeSpan.FromMilliseconds(500));
        var probe = await fixture.Client.GraphQLAsync(Query(200));
        var afterProbe = await fixture.Client.GraphQLAsync(Query(201));
        var readyAfter = await fixture.Client.GetFromJsonElementAsync("/health/ready");

        Assert.All(failures, f => Assert.Equal("UPSTREAM_ERROR", GraphQLResponse.Code(f.Errors.Single())));
        Assert.Equal("UPSTREAM_UNAVAILABLE", GraphQLResponse.Code(open.Errors.Single()));
        Assert.Equal(["geocode"], open.ErrorPaths);
        Assert.Equal(JsonValueKind.Number, open.Data.GetProperty("weather").GetProperty("humidity").ValueKind);
        Assert.Equal(BreakerFixture.MinimumThroughput, mapsCallsWhileOpen);
        Assert.Equal("Open", readyWhileOpen.GetProperty("checks").GetProperty("upstreams").GetProperty("maps").GetString());
        Assert.False(probe.HasErrors);
        Assert.False(afterProbe.HasErrors);
        Assert.Equal(2, (await fixture.Demo.StatsAsync()).Maps);
        Assert.Equal("Closed", readyAfter.GetProperty("checks").GetProperty("upstreams").GetProperty("maps").GetString());
    }
}
