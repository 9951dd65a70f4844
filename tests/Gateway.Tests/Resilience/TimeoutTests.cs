using System.Diagnostics;
using System.Text.Json;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Resilience;

public sealed class TimeoutTests(TimeoutFixture fixture) : IClassFixture<TimeoutFixture>
{
    [Fact]
    public async Task An_upstream_hanging_past_the_attempt_timeout_costs_only_its_fields()
    {
        await fixture.Demo.ResetAsync();
        await fixture.Demo.FaultAsync("payments", timeoutRate: 1.0);

        var response = await fixture.Client.GraphQLAsync("{ customer(id: \"70\") { name payments(first: 3) { nodes { id } } } }");
        await fixture.Demo.ResetAsync();

        Assert.False(string.IsNullOrEmpty(response.Data.GetProperty("customer").GetProperty("name").GetString()));
        var error = response.Errors.Single();
        Assert.Equal("UPSTREAM_TIMEOUT", GraphQLResponse.Code(error));
        Assert.Equal("payments", error.GetProperty("extensions").GetProperty("source").GetString());
    }

    [Fact]
    public async Task The_request_deadline_returns_finished_fields_and_times_out_the_rest()
    {
        await fixture.Demo.ResetAsync();
        await fixture.Demo.FaultAsync("weather", timeoutRate: 1.0);
        var clock = Stopwatch.StartNew();

        var response = await fixture.Client.GraphQLAsync("{ customer(id: \"71\") { name } weather(lat: 1, lng: 1) { humidity } }");
        clock.Stop();
        await fixture.Demo.ResetAsync();

        Assert.False(string.IsNullOrEmpty(response.Data.GetProperty("customer").GetProperty("name").GetString()));
        Assert.Equal(JsonValueKind.Null, response.Data.GetProperty("weather").ValueKind);
        Assert.Equal("UPSTREAM_TIMEOUT", GraphQLResponse.Code(response.Errors.Single()));
        Assert.Equal(["weather"], response.ErrorPaths);
        // Generous: the weather attempt timeout is 30 s; only the 2 s deadline can end the request this early.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"took {clock.Elapsed}");
    }
}

public sealed class DisconnectTests(DisconnectFixture fixture) : IClassFixture<DisconnectFixture>
{
    [Fact]
    public async Task A_client_that_disconnects_cancels_the_upstream_calls_made_for_it()
    {
        await fixture.Demo.ResetAsync();
        await fixture.Demo.FaultAsync("weather", timeoutRate: 1.0);
        using var impatient = fixture.Gateway.CreateClient();
        impatient.Timeout = TimeSpan.FromMilliseconds(500);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => impatient.GraphQLAsync("{ weather(lat: 2, lng: 2) { humidity } }"));
        var aborted = 0L;
        for (var wait = 0; wait < 100 && aborted == 0; wait++)
        {
            await Task.Delay(50);
            aborted = await fixture.Demo.ItemsAsync("weather.aborted");
        }
        await fixture.Demo.ResetAsync();

        Assert.Equal(1, aborted);
    }
}
