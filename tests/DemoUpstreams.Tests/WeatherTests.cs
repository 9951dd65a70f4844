using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Gateway.Testing;
using Microsoft.Extensions.DependencyInjection;
using static DemoUpstreams.Tests.ProblemAssert;

namespace DemoUpstreams.Tests;

public sealed class WeatherTests(DemoFixture fixture) : IClassFixture<DemoFixture>
{
    private readonly HttpClient _client = fixture.Client;

    [Fact]
    public async Task Current_conditions_have_every_field_in_range()
    {
        var weather = await _client.GetFromJsonAsync<JsonElement>("weather/v1/current?lat=52.52&lng=13.405");

        Assert.InRange(weather.GetProperty("temperatureC").GetDouble(), -30, 50);
        Assert.False(string.IsNullOrEmpty(weather.GetProperty("condition").GetString()));
        Assert.InRange(weather.GetProperty("windKph").GetDouble(), 0, 60);
        Assert.InRange(weather.GetProperty("humidity").GetInt32(), 20, 100);
        Assert.True(weather.TryGetProperty("observedAt", out _));
    }

    [Fact]
    public async Task Batch_returns_each_point_in_order_and_flags_invalid_ones()
    {
        using var response = await _client.PostAsJsonAsync("weather/v1/current/batch",
            new { points = new object[] { new { lat = 52.52, lng = 13.405 }, new { lat = 95.0, lng = 0.0 }, new { lat = -33.87, lng = 151.2 } } });
        var results = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("results");
        var single = await _client.GetFromJsonAsync<JsonElement>("weather/v1/current?lat=-33.87&lng=151.2");

        Assert.Equal(3, results.GetArrayLength());
        Assert.Equal("INVALID_COORDINATE", results[1].GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(single.GetProperty("temperatureC").GetDouble(), results[2].GetProperty("weather").GetProperty("temperatureC").GetDouble());
    }

    [Fact]
    public async Task Forecast_has_the_requested_number_of_days()
    {
        var forecast = await _client.GetFromJsonAsync<JsonElement>("weather/v1/forecast?lat=40.4&lng=-3.7&days=5");
        var days = forecast.GetProperty("days");

        Assert.Equal(5, days.GetArrayLength());
        foreach (var day in days.EnumerateArray())
        {
            Assert.True(day.GetProperty("minC").GetDouble() <= day.GetProperty("maxC").GetDouble());
        }
    }

    [Fact]
    public async Task Forecast_batch_matches_single_forecasts_and_flags_invalid_points()
    {
        using var response = await _client.PostAsJsonAsync("weather/v1/forecast/batch",
            new { points = new object[] { new { lat = 40.4, lng = -3.7 }, new { lat = 0.0, lng = 181.0 } }, days = 2 });
        var results = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("results");
        var single = await _client.GetFromJsonAsync<JsonElement>("weather/v1/forecast?lat=40.4&lng=-3.7&days=2");

        Assert.Equal(single.GetProperty("days").ToString(), results[0].GetProperty("days").ToString());
        Assert.Equal("INVALID_COORDINATE", results[1].GetProperty("error").GetProperty("code").GetString());
    }

    [Theory]
    [InlineData("weather/v1/forecast?lat=40.4&lng=-3.7&days=0")]
    [InlineData("weather/v1/forecast?lat=40.4&lng=-3.7&days=15")]
    [InlineData("weather/v1/current?lat=abc&lng=1")]
    [InlineData("weather/v1/current?lat=1")]
    public async Task Bad_parameters_are_400_problems(string url)
    {
        using var response = await _client.GetAsync(url);

        await IsProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Conditions_change_between_time_steps_and_hold_within_one()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 6, 1, 12, 0, 0, TimeSpan.Zero));
        await using var demo = await DemoServer.StartAsync(
            new Dictionary<string, string?> { ["Demo:Weather:StepSeconds"] = "30" },
            services => services.AddSingleton<TimeProvider>(clock));
        const string url = "weather/v1/current?lat=48.2082&lng=16.3738";

        var first = await demo.Client.GetStringAsync(url);
        clock.Advance(TimeSpan.FromSeconds(10));
        var sameStep = await demo.Client.GetStringAsync(url);
        var snapshots = new List<string>();
        for (var step = 1; step <= 5; step++)
        {
            clock.Advance(TimeSpan.FromSeconds(30));
            snapshots.Add(await demo.Client.GetStringAsync(url));
        }

        Assert.Equal(first, sameStep);
        Assert.All(snapshots, s => Assert.NotEqual(first, s));
        Assert.True(snapshots.Select(s => JsonDocument.Parse(s).RootElement.GetProperty("temperatureC").GetDouble()).Distinct().Count() > 1);
    }
}
