using System.Text.Json;
using Gateway.Sources.Import;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Import;

/// <summary>
/// The shipped sources beside sources imported from the demo upstreams' own OpenAPI documents, fetched over HTTP
/// as a user would (<c>sources import openapi http://…/maps/openapi.json --name demomaps --prefix DemoMaps</c>).
/// </summary>
public sealed class ImportedDemoFixture : GatewayFixture
{
    private readonly string _folder = Directory.CreateTempSubdirectory("imported-demo-").FullName;

    public string Folder => Path.Combine(_folder, "sources");

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
    {
        ["Gateway:SourcesPath"] = Folder,
    };

    protected override async Task BeforeStartAsync()
    {
        foreach (var file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "sources"), "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(Folder, Path.GetRelativePath(Path.Combine(AppContext.BaseDirectory, "sources"), file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        foreach (var upstream in new[] { "maps", "weather", "payments", "rates" })
        {
            var output = new StringWriter();
            var error = new StringWriter();
            var exit = await SourcesCommand.RunAsync(
                ["sources", "import", "openapi", new Uri(Demo.BaseAddress, $"{upstream}/openapi.json").AbsoluteUri,
                    "--name", "demo" + upstream, "--prefix", "Demo" + char.ToUpperInvariant(upstream[0]) + upstream[1..], "--out", Folder],
                output, error);
            Assert.True(exit == 0, error.ToString());
        }
    }

    protected override Task AfterStopAsync()
    {
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }
}

public sealed class ImportedDemoTests(ImportedDemoFixture fixture) : IClassFixture<ImportedDemoFixture>
{
    private static readonly string[] Ids = ["1", "2", "3", "17", "42"];

    [Fact]
    public async Task The_imported_maps_source_geocodes_every_address_as_the_shipped_one_does()
    {
        foreach (var address in await AddressesAsync())
        {
            var data = await DataAsync($$"""
                { shipped: geocode(address: {{JsonSerializer.Serialize(address)}}) { lat lng formattedAddress }
                  imported: demoMapsGeocode(address: {{JsonSerializer.Serialize(address)}}) { lat lng formattedAddress } }
                """);

            Assert.Equal(data.GetProperty("shipped").GetRawText(), data.GetProperty("imported").GetRawText());
        }
    }

    [Fact]
    public async Task The_imported_weather_source_reports_the_weather_and_forecast_the_shipped_one_does()
    {
        foreach (var point in await PointsAsync())
        {
            var data = await DataAsync($$"""
                { shipped: weather(lat: {{point.Lat}}, lng: {{point.Lng}}) { temperatureC condition windKph humidity observedAt }
                  imported: demoWeatherCurrent(lat: {{point.Lat}}, lng: {{point.Lng}}) { temperatureC condition windKph humidity observedAt }
                  forecast: demoWeatherForecast(lat: {{point.Lat}}, lng: {{point.Lng}}, days: 3) { days { date minC maxC condition precipitationMm } } }
                """);
            var shipped = data.GetProperty("shipped");
            var imported = data.GetProperty("imported");

            foreach (var field in new[] { "temperatureC", "windKph", "humidity", "observedAt" })
            {
                Assert.Equal(shipped.GetProperty(field).GetRawText(), imported.GetProperty(field).GetRawText());
            }
            // The document types the condition as text; the shipped source as an enum of the same values.
            Assert.Equal(shipped.GetProperty("condition").GetString(), Constant(imported.GetProperty("condition").GetString()!));
            Assert.Equal(3, data.GetProperty("forecast").GetProperty("days").GetArrayLength());
        }
    }

    [Fact]
    public async Task The_imported_weather_forecast_matches_the_shipped_forecast_day_by_day()
    {
        var data = await DataAsync("""
            { customer(id: "1") { address { location { lat lng forecast(days: 4) { date minC maxC condition precipitationMm } } } } }
            """);
        var location = data.GetProperty("customer").GetProperty("address").GetProperty("location");
        var imported = await DataAsync($$"""
            { demoWeatherForecast(lat: {{location.GetProperty("lat")}}, lng: {{location.GetProperty("lng")}}, days: 4) { days { date minC maxC condition precipitationMm } } }
            """);

        var shippedDays = location.GetProperty("forecast").EnumerateArray().ToList();
        var importedDays = imported.GetProperty("demoWeatherForecast").GetProperty("days").EnumerateArray().ToList();
        Assert.Equal(4, importedDays.Count);
        for (var i = 0; i < 4; i++)
        {
            foreach (var field in new[] { "date", "minC", "maxC", "precipitationMm" })
            {
                Assert.Equal(shippedDays[i].GetProperty(field).GetRawText(), importedDays[i].GetProperty(field).GetRawText());
            }
            Assert.Equal(shippedDays[i].GetProperty("condition").GetString(), Constant(importedDays[i].GetProperty("condition").GetString()!));
        }
    }

    [Fact]
    public async Task The_imported_payments_source_reads_each_payment_as_the_hand_written_one_does()
    {
        var customers = await DataAsync("""{ customers(ids: ["1", "2", "3"]) { payments(first: 2) { nodes { id } } } }""");
        var ids = customers.GetProperty("customers").EnumerateArray()
            .SelectMany(c => c.GetProperty("payments").GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("id").GetString()!)).ToList();
        Assert.NotEmpty(ids);
        foreach (var id in ids)
        {
            var data = await DataAsync($$"""
                { shipped: payment(id: "{{id}}") { id customer { id } status amount { value currency } }
                  imported: demoPaymentsPaymentsById(id: "{{id}}") { id customerId status amount currency } }
                """);
            var shipped = data.GetProperty("shipped");
            var imported = data.GetProperty("imported");

            Assert.Equal(shipped.GetProperty("id").GetString(), imported.GetProperty("id").GetString());
            Assert.Equal(shipped.GetProperty("customer").GetProperty("id").GetString(), imported.GetProperty("customerId").GetRawText());
            Assert.Equal(shipped.GetProperty("status").GetString(), Constant(imported.GetProperty("status").GetString()!));
            // The upstream counts minor units (an int64, a Long); the hand-written source shows major units.
            Assert.Equal(shipped.GetProperty("amount").GetProperty("value").GetDecimal() * 100, imported.GetProperty("amount").GetInt64());
            Assert.Equal(shipped.GetProperty("amount").GetProperty("currency").GetString(), imported.GetProperty("currency").GetString());
        }
    }

    [Fact]
    public async Task The_imported_rates_batch_is_a_mutation_that_quotes_the_rates_the_shipped_source_converts_with()
    {
        var shipped = await DataAsync("""{ customer(id: "1") { payments(first: 1) { nodes { amount { currency in(currency: "USD") { rate asOf } } } } } }""");
        var amount = shipped.GetProperty("customer").GetProperty("payments").GetProperty("nodes")[0].GetProperty("amount");
        var from = amount.GetProperty("currency").GetString();

        var imported = await DataAsync($$"""
            mutation { demoRatesPostBatch(input: { pairs: [{ from: "{{from}}", to: "USD" }] }) { results { from to rate asOf problem { code } } } }
            """);

        var result = imported.GetProperty("demoRatesPostBatch").GetProperty("results")[0];
        Assert.Equal(amount.GetProperty("in").GetProperty("rate").GetDecimal(), result.GetProperty("rate").GetDecimal());
        Assert.Equal(amount.GetProperty("in").GetProperty("asOf").GetString(), result.GetProperty("asOf").GetString());
        Assert.Equal(JsonValueKind.Null, result.GetProperty("problem").ValueKind);
    }

    [Fact]
    public async Task An_unknown_id_is_not_found_at_its_field_from_its_source_without_the_upstream_address()
    {
        var response = await fixture.Client.GraphQLAsync("""{ demoPaymentsPaymentsById(id: "pay_unknown") { id } customer(id: "1") { id } }""");

        var error = Assert.Single(response.Errors);
        Assert.Equal("NOT_FOUND", error.GetProperty("extensions").GetProperty("code").GetString());
        Assert.Equal("demopayments", error.GetProperty("extensions").GetProperty("source").GetString());
        Assert.Equal(JsonValueKind.Null, response.Data.GetProperty("demoPaymentsPaymentsById").ValueKind);
        Assert.Equal("1", response.Data.GetProperty("customer").GetProperty("id").GetString());
        Assert.DoesNotContain(fixture.Demo.BaseAddress.Authority, response.Body.GetRawText(), StringComparison.Ordinal);
    }

    private static string Constant(string text) => global::Gateway.Sources.Import.Generated.GraphQLNames.Constant(text);

    private async Task<List<string>> AddressesAsync()
    {
        var data = await DataAsync($$"""{ customers(ids: {{JsonSerializer.Serialize(Ids)}}) { address { street postalCode city country } } }""");
        return [.. data.GetProperty("customers").EnumerateArray().Select(c => c.GetProperty("address")).Select(a =>
            $"{a.GetProperty("street").GetString()}, {a.GetProperty("postalCode").GetString()} {a.GetProperty("city").GetString()}, {a.GetProperty("country").GetString()}")];
    }

    private async Task<List<(double Lat, double Lng)>> PointsAsync()
    {
        var data = await DataAsync($$"""{ customers(ids: {{JsonSerializer.Serialize(Ids)}}) { address { location { lat lng } } } }""");
        return [.. data.GetProperty("customers").EnumerateArray().Select(c => c.GetProperty("address").GetProperty("location"))
            .Select(l => (l.GetProperty("lat").GetDouble(), l.GetProperty("lng").GetDouble()))];
    }

    private async Task<JsonElement> DataAsync(string query)
    {
        var response = await fixture.Client.GraphQLAsync(query);
        Assert.False(response.HasErrors, response.Body.GetRawText());
        return response.Data;
    }
}
