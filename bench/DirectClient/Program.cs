using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;

// The floor for the gateway overhead benchmark: a plain HttpClient making exactly the upstream calls the gateway
// makes for the benchmark's two queries, behind an HTTP endpoint so the same load tool drives both.
//   POST /single     ~ { weather(lat: 52.52, lng: 13.405) { temperatureC } }
//   POST /composite  ~ { customers(ids: [1..50]) { name address { location { weather { temperatureC } } } payments(first: 5) { nodes { amount { value } } } } }
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
var upstreams = new Uri(builder.Configuration["Upstreams"] ?? "http://127.0.0.1:5100/");
builder.Services.AddHttpClient("upstreams", http => http.BaseAddress = upstreams);
var app = builder.Build();
XNamespace crm = "urn:demo:crm:v1";
XNamespace soap = "http://schemas.xmlsoap.org/soap/envelope/";
var ids = Enumerable.Range(1, 50).ToList();

app.MapGet("/health", () => "ok");

app.MapPost("/single", async (IHttpClientFactory factory) =>
{
    var http = factory.CreateClient("upstreams");
    using var weather = await http.PostAsJsonAsync("weather/v1/current/batch", new { points = new[] { new { lat = 52.52, lng = 13.405 } } });
    var body = await weather.Content.ReadFromJsonAsync<JsonElement>();
    return Results.Json(new { data = new { weather = new { temperatureC = body.GetProperty("results")[0].GetProperty("weather").GetProperty("temperatureC").GetDouble() } } });
});

app.MapPost("/composite", async (IHttpClientFactory factory) =>
{
    var http = factory.CreateClient("upstreams");
    var envelope = new XDocument(new XElement(soap + "Envelope", new XElement(soap + "Body",
        new XElement(crm + "GetCustomers", new XElement(crm + "Ids", ids.Select(i => new XElement(crm + "Id", i)))))));
    using var crmResponse = await http.PostAsync("crm/soap", new StringContent(envelope.ToString(SaveOptions.DisableFormatting), Encoding.UTF8, "text/xml"));
    var customers = XDocument.Parse(await crmResponse.Content.ReadAsStringAsync())
        .Descendants(crm + "Customer")
        .Select(c =>
        {
            var a = c.Element(crm + "Address")!;
            return (Id: (int)c.Element(crm + "Id")!, Name: (string)c.Element(crm + "Name")!,
                Address: $"{(string)a.Element(crm + "Street")!}, {(string)a.Element(crm + "PostalCode")!} {(string)a.Element(crm + "City")!}, {(string)a.Element(crm + "Country")!}");
        })
        .ToList();

    var geocoding = http.PostAsJsonAsync("maps/v1/geocode/batch", new { addresses = customers.Select(c => c.Address) });
    var payments = http.PostAsJsonAsync("payments/v1/payments/by-customers", new { customers = customers.Select(c => new { customerId = c.Id }), limit = 5 });
    using var geocoded = await geocoding;
    var points = (await geocoded.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("results").EnumerateArray()
        .Select(r => r.GetProperty("location")).ToList();
    using var weather = await http.PostAsJsonAsync("weather/v1/current/batch",
        new { points = points.Select(p => new { lat = Math.Round(p.GetProperty("lat").GetDouble(), 4), lng = Math.Round(p.GetProperty("lng").GetDouble(), 4) }) });
    var temperatures = (await weather.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("results").EnumerateArray()
        .Select(r => r.GetProperty("weather").GetProperty("temperatureC").GetDouble()).ToList();
    using var paid = await payments;
    var pages = (await paid.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("results").EnumerateArray().ToList();

    return Results.Json(new
    {
        data = new
        {
            customers = customers.Select((c, i) => new
            {
                name = c.Name,
                address = new { location = new { weather = new { temperatureC = temperatures[i] } } },
                payments = new { nodes = pages[i].GetProperty("data").EnumerateArray().Select(p => new { amount = new { value = p.GetProperty("amount").GetInt64() / 100m } }) },
            }),
        },
    });
});

app.Run();
