using System.Text.Json;
using Gateway.Sources.Import;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Import;

/// <summary>
/// The shipped sources beside sources imported from the demo upstreams' own OpenAPI documents and the CRM's WSDL,
/// fetched over HTTP as a user would (<c>sources import openapi http://…/maps/openapi.json --name demomaps --prefix
/// DemoMaps</c>, <c>sources import wsdl http://…/crm/soap?wsdl --name democrm --prefix DemoCrm</c>).
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
        var wsdlError = new StringWriter();
        var wsdlExit = await SourcesCommand.RunAsync(
            ["sources", "import", "wsdl", new Uri(Demo.BaseAddress, "crm/soap?wsdl").AbsoluteUri, "--name", "democrm", "--prefix", "DemoCrm", "--out", Folder],
            new StringWriter(), wsdlError);
        Assert.True(wsdlExit == 0, wsdlError.ToString());
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
        var customers = await DataAsync("""{ customers(ids: ["1", "2", "3"]) { payments(first: 2) { nodes { paymentId } } } }""");
        var ids = customers.GetProperty("customers").EnumerateArray()
            .SelectMany(c => c.GetProperty("payments").GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("paymentId").GetString()!)).ToList();
        Assert.NotEmpty(ids);
        foreach (var id in ids)
        {
            var data = await DataAsync($$"""
                { shipped: payment(id: "{{id}}") { paymentId customer { crmId } status amount { value currency } }
                  imported: demoPaymentsPaymentsById(id: "{{id}}") { id customerId status amount currency } }
                """);
            var shipped = data.GetProperty("shipped");
            var imported = data.GetProperty("imported");

            Assert.Equal(shipped.GetProperty("paymentId").GetString(), imported.GetProperty("id").GetString());
            Assert.Equal(shipped.GetProperty("customer").GetProperty("crmId").GetString(), imported.GetProperty("customerId").GetRawText());
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
        var response = await fixture.Client.GraphQLAsync("""{ demoPaymentsPaymentsById(id: "pay_unknown") { id } customer(id: "1") { crmId } }""");

        var error = Assert.Single(response.Errors);
        Assert.Equal("NOT_FOUND", error.GetProperty("extensions").GetProperty("code").GetString());
        Assert.Equal("demopayments", error.GetProperty("extensions").GetProperty("source").GetString());
        Assert.Equal(JsonValueKind.Null, response.Data.GetProperty("demoPaymentsPaymentsById").ValueKind);
        Assert.Equal("1", response.Data.GetProperty("customer").GetProperty("crmId").GetString());
        Assert.DoesNotContain(fixture.Demo.BaseAddress.Authority, response.Body.GetRawText(), StringComparison.Ordinal);
    }

    private const string CustomerFields = "name email phone company tier accountManager createdAt address { street city postalCode country }";

    [Fact]
    public async Task The_imported_crm_source_reads_each_customer_as_the_shipped_one_does_with_text_kept_as_text()
    {
        foreach (var id in Ids)
        {
            var data = await DataAsync($$"""
                { shipped: customer(id: "{{id}}") { crmId {{CustomerFields}} }
                  imported: demoCrmGetCustomer(id: {{id}}) { id {{CustomerFields}} } }
                """);

            AssertSameCustomer(data.GetProperty("shipped"), data.GetProperty("imported"));
        }
        // Postal codes are xs:string: one with a leading zero keeps it through the imported source.
        var codes = await DataAsync($$"""{ demoCrmGetCustomers(ids: {{JsonSerializer.Serialize(Ids)}}) { customer { address { postalCode } } } }""");
        Assert.Contains(codes.GetProperty("demoCrmGetCustomers").EnumerateArray(),
            r => r.GetProperty("customer").GetProperty("address").GetProperty("postalCode").GetString()!.StartsWith('0'));
    }

    [Fact]
    public async Task The_imported_crm_batch_answers_each_id_in_order_and_an_unknown_id_with_its_item_error()
    {
        string[] ids = ["3", "999999", "1"];
        var data = await DataAsync($$"""
            { shipped: customers(ids: ["3", "1"]) { crmId {{CustomerFields}} }
              imported: demoCrmGetCustomers(ids: {{JsonSerializer.Serialize(ids)}}) { id customer { id {{CustomerFields}} } error { code } } }
            """);
        var results = data.GetProperty("imported").EnumerateArray().ToList();

        Assert.Equal(ids, results.Select(r => r.GetProperty("id").GetString()));
        AssertSameCustomer(data.GetProperty("shipped")[0], results[0].GetProperty("customer"));
        AssertSameCustomer(data.GetProperty("shipped")[1], results[2].GetProperty("customer"));
        Assert.Equal(JsonValueKind.Null, results[1].GetProperty("customer").ValueKind);
        Assert.Equal("NotFound", results[1].GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task The_imported_crm_search_finds_the_customers_the_shipped_search_finds()
    {
        var data = await DataAsync("""
            { shipped: searchCustomers(query: "", first: 20, where: { tier: { eq: GOLD } }) { totalCount nodes { crmId } }
              imported: demoCrmSearchCustomers(query: "", page: 1, pageSize: 20, tier: [GOLD]) { total customer { id tier } } }
            """);
        var shipped = data.GetProperty("shipped");
        var imported = data.GetProperty("imported");

        Assert.NotEqual(0, imported.GetProperty("total").GetInt32());
        Assert.Equal(shipped.GetProperty("totalCount").GetInt32(), imported.GetProperty("total").GetInt32());
        Assert.Equal(shipped.GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("crmId").GetString()),
            imported.GetProperty("customer").EnumerateArray().Select(c => c.GetProperty("id").GetRawText()));
        Assert.All(imported.GetProperty("customer").EnumerateArray(), c => Assert.Equal("GOLD", c.GetProperty("tier").GetString()));
    }

    [Fact]
    public async Task The_imported_crm_mutation_changes_the_customer_and_a_declared_fault_is_a_typed_error()
    {
        var changed = await DataAsync("""mutation { demoCrmUpdateCustomerContact(id: 7, phone: "+49 30 1234567") { id phone } }""");
        var shipped = await DataAsync("""{ customer(id: "7") { phone } }""");

        Assert.Equal("+49 30 1234567", changed.GetProperty("demoCrmUpdateCustomerContact").GetProperty("phone").GetString());
        Assert.Equal("+49 30 1234567", shipped.GetProperty("customer").GetProperty("phone").GetString());

        var refused = await fixture.Client.GraphQLAsync("""mutation { demoCrmUpdateCustomerContact(id: 7, email: "not an address") { id } }""");
        var error = Assert.Single(refused.Errors);
        var extensions = error.GetProperty("extensions");
        Assert.Equal("BAD_USER_INPUT", extensions.GetProperty("code").GetString());
        Assert.Equal("CrmFault", extensions.GetProperty("fault").GetString());
        Assert.Equal("InvalidEmail", extensions.GetProperty("faultCode").GetString());
        Assert.Equal("democrm", extensions.GetProperty("source").GetString());
    }

    private static void AssertSameCustomer(JsonElement shipped, JsonElement imported)
    {
        // The WSDL types the id as xs:int (an Int) and the tier as an enum of the CRM's spellings; the shipped source as ID and CustomerTier.
        Assert.Equal(shipped.GetProperty("crmId").GetString(), imported.GetProperty("id").GetRawText());
        foreach (var field in new[] { "name", "email", "phone", "company", "tier", "accountManager", "createdAt" })
        {
            Assert.Equal(shipped.GetProperty(field).GetRawText(), imported.GetProperty(field).GetRawText());
        }
        Assert.Equal(shipped.GetProperty("address").GetRawText(), imported.GetProperty("address").GetRawText());
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
