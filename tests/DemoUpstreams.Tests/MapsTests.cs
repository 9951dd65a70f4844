using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using static DemoUpstreams.Tests.ProblemAssert;

namespace DemoUpstreams.Tests;

public sealed class MapsTests(DemoFixture fixture) : IClassFixture<DemoFixture>
{
    private readonly HttpClient _client = fixture.Client;

    [Fact]
    public async Task Geocoding_an_address_in_a_known_city_gives_a_stable_point_near_it()
    {
        var first = await _client.GetFromJsonAsync<JsonElement>("maps/v1/geocode?address=" + Uri.EscapeDataString("12 Main Street, 10115 Berlin, Germany"));
        var second = await _client.GetFromJsonAsync<JsonElement>("maps/v1/geocode?address=" + Uri.EscapeDataString("12 Main Street,  10115 Berlin, Germany"));

        Assert.InRange(first.GetProperty("lat").GetDouble(), 52.47, 52.57);
        Assert.InRange(first.GetProperty("lng").GetDouble(), 13.36, 13.45);
        Assert.Equal(first.GetProperty("lat").GetDouble(), second.GetProperty("lat").GetDouble());
        Assert.Equal("12 Main Street, 10115 Berlin, Germany", first.GetProperty("formattedAddress").GetString());
    }

    [Fact]
    public async Task Unknown_address_is_a_404_problem_not_a_made_up_point()
    {
        using var response = await _client.GetAsync("maps/v1/geocode?address=1%20Nowhere%20Lane%2C%20Atlantis");

        await IsProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Batch_geocoding_reports_unknown_addresses_per_item()
    {
        using var response = await _client.PostAsJsonAsync("maps/v1/geocode/batch",
            new { addresses = new[] { "1 Market Square, Paris, France", "somewhere else", "3 Mill Lane, Tokyo, Japan" } });
        var results = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("results");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(3, results.GetArrayLength());
        Assert.InRange(results[0].GetProperty("location").GetProperty("lat").GetDouble(), 48.8, 48.9);
        Assert.Equal(JsonValueKind.Null, results[1].GetProperty("location").ValueKind);
        Assert.Equal("NOT_FOUND", results[1].GetProperty("error").GetProperty("code").GetString());
        Assert.InRange(results[2].GetProperty("location").GetProperty("lng").GetDouble(), 139.6, 139.7);
    }

    [Fact]
    public async Task Oversized_batch_is_a_400_problem()
    {
        using var response = await _client.PostAsJsonAsync("maps/v1/geocode/batch",
            new { addresses = Enumerable.Range(0, 101).Select(i => $"{i} Main Street, Berlin").ToArray() });

        Assert.Contains("100", await IsProblemAsync(response, HttpStatusCode.BadRequest));
    }

    [Theory]
    [InlineData("{\"addresses\":")]
    [InlineData("[1,2,3]")]
    [InlineData("{\"addresses\":\"Berlin\"}")]
    [InlineData("{}")]
    public async Task Malformed_or_incomplete_batch_bodies_are_400_problems(string body)
    {
        using var response = await _client.PostAsync("maps/v1/geocode/batch", new StringContent(body, Encoding.UTF8, "application/json"));

        await IsProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Reverse_geocoding_finds_the_nearest_city()
    {
        var place = await _client.GetFromJsonAsync<JsonElement>("maps/v1/reverse?lat=48.86&lng=2.35");

        Assert.Equal("Paris", place.GetProperty("city").GetString());
        Assert.Equal("France", place.GetProperty("country").GetString());
    }

    [Fact]
    public async Task Distance_between_berlin_and_paris_is_about_880_km()
    {
        var distance = await _client.GetFromJsonAsync<JsonElement>("maps/v1/distance?fromLat=52.52&fromLng=13.405&toLat=48.8566&toLng=2.3522");

        Assert.InRange(distance.GetProperty("distanceKm").GetDouble(), 870, 890);
        Assert.True(distance.GetProperty("travelMinutes").GetDouble() > 0);
    }

    [Theory]
    [InlineData("maps/v1/reverse?lat=91&lng=0")]
    [InlineData("maps/v1/reverse?lat=0")]
    [InlineData("maps/v1/distance?fromLat=0&fromLng=0&toLat=0&toLng=200")]
    [InlineData("maps/v1/geocode")]
    public async Task Invalid_coordinates_and_missing_parameters_are_400_problems(string url)
    {
        using var response = await _client.GetAsync(url);

        await IsProblemAsync(response, HttpStatusCode.BadRequest);
    }
}
