using System.Net.Http.Json;
using System.Text.Json;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Declarative;

/// <summary>
/// The maps and weather sources are SDL files (<c>sources/maps</c>, <c>sources/weather</c>); what the hand-written
/// sources did in C# (key normalisation, argument checks, defaults, a batch per number of days, enum values from the
/// upstream's spelling) is said there and checked here.
/// </summary>
public sealed class MapsWeatherSourceTests(Caching.MemoryCacheFixture fixture) : IClassFixture<Caching.MemoryCacheFixture>
{
    [Fact]
    public async Task Addresses_that_differ_in_case_or_spacing_share_one_cached_geocode()
    {
        await fixture.Demo.ResetAsync();
        var first = await fixture.Client.GraphQLAsync("{ geocode(address: \"7 Harbour Road, 2000 Sydney, Australia\") { lat lng } }");

        var second = await fixture.Client.GraphQLAsync("{ geocode(address: \"  7 harbour road,   2000 SYDNEY, australia \") { lat lng } }");

        Assert.False(first.HasErrors || second.HasErrors, string.Join("; ", first.Errors.Concat(second.Errors)));
        Assert.Equal(first.Data.GetProperty("geocode").ToString(), second.Data.GetProperty("geocode").ToString());
        Assert.Equal(1, (await fixture.Demo.StatsAsync()).Maps);
    }

    [Fact]
    public async Task Forecasts_of_two_lengths_for_three_customers_are_two_calls_one_per_length()
    {
        await fixture.Demo.ResetAsync();

        var response = await fixture.Client.GraphQLAsync("""
            { customers(ids: ["5", "6", "7"]) { address { location {
                short: forecast(days: 2) { date }
                long: forecast(days: 5) { date condition }
                usual: forecast { date }
            } } } }
            """);

        Assert.False(response.HasErrors, string.Join("; ", response.Errors));
        var locations = response.Data.GetProperty("customers").EnumerateArray().Select(c => c.GetProperty("address").GetProperty("location")).ToList();
        Assert.All(locations, location =>
        {
            Assert.Equal(2, location.GetProperty("short").GetArrayLength());
            Assert.Equal(5, location.GetProperty("long").GetArrayLength());
            // days defaults to 3, as the file declares.
            Assert.Equal(3, location.GetProperty("usual").GetArrayLength());
        });
        // One call per number of days (2, 5 and 3), each for all three points.
        Assert.Equal(3, (await fixture.Demo.StatsAsync()).Weather);
        var routes = await fixture.Demo.Client.GetFromJsonAsync<JsonElement>("_demo/stats");
        Assert.Equal(3, routes.GetProperty("routes").GetProperty("POST /weather/v1/forecast/batch").GetInt32());
    }

    [Theory]
    [InlineData("{ weather(lat: 91, lng: 0) { humidity } }", "lat", "'lat' must be between -90 and 90.")]
    [InlineData("{ weather(lat: 0, lng: -180.5) { humidity } }", "lng", "'lng' must be between -180 and 180.")]
    [InlineData("{ geocode(address: \"  \") { lat } }", "address", "'address' must be 1 to 500 characters.")]
    [InlineData("{ customer(id: \"1\") { address { location { forecast(days: 15) { date } } } } }", "days", "'days' must be between 1 and 14.")]
    public async Task An_argument_outside_its_declared_bounds_is_bad_user_input_naming_it(string query, string argument, string message)
    {
        var response = await fixture.Client.GraphQLAsync(query);

        var error = response.Errors.Single();
        Assert.Equal("BAD_USER_INPUT", GraphQLResponse.Code(error));
        Assert.Equal(argument, error.GetProperty("extensions").GetProperty("argument").GetString());
        Assert.Equal(message, error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Upstream_condition_names_become_the_enum_values_of_the_schema()
    {
        // The upstream says "PartlyCloudy"; the schema's enum says PARTLY_CLOUDY. Over many points every value must map.
        var ids = string.Join(", ", Enumerable.Range(1, 50).Select(i => $"\"{i}\""));

        var response = await fixture.Client.GraphQLAsync($"{{ customers(ids: [{ids}]) {{ address {{ location {{ weather {{ condition }} }} }} }} }}");

        Assert.False(response.HasErrors, string.Join("; ", response.Errors));
        var conditions = response.Data.GetProperty("customers").EnumerateArray()
            .Select(c => c.GetProperty("address").GetProperty("location").GetProperty("weather").GetProperty("condition").GetString()!).ToHashSet();
        Assert.Subset(new HashSet<string> { "CLEAR", "PARTLY_CLOUDY", "CLOUDY", "RAIN", "SHOWERS", "THUNDERSTORM", "SNOW", "FOG", "WINDY" }, conditions);
        Assert.True(conditions.Count > 3, string.Join(", ", conditions));
    }

    [Fact]
    public async Task Nearby_points_that_round_to_the_same_key_share_one_weather_entry()
    {
        await fixture.Demo.ResetAsync();

        var response = await fixture.Client.GraphQLAsync(
            "{ a: weather(lat: 12.34561, lng: 56.78901) { temperatureC } b: weather(lat: 12.345612, lng: 56.789008) { temperatureC } }");

        Assert.False(response.HasErrors, string.Join("; ", response.Errors));
        Assert.Equal(1, await fixture.Demo.ItemsAsync("weather.currentBatch"));
    }
}
