using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Xml.Linq;
using static DemoUpstreams.Tests.Soap;

namespace DemoUpstreams.Tests;

public sealed class ControlPlaneTests(DemoFixture fixture) : IClassFixture<DemoFixture>
{
    private readonly HttpClient _client = fixture.Client;

    [Fact]
    public async Task Stats_count_each_upstream_exactly_and_reset_zeroes_them()
    {
        await fixture.Server.ResetAsync();

        await _client.GetAsync("weather/v1/current?lat=1&lng=2");
        await _client.GetAsync("weather/v1/current?lat=1&lng=3");
        await _client.GetAsync("maps/v1/reverse?lat=1&lng=2");
        await PostAsync(_client, Envelope(new XElement(Tns + "GetCustomer", new XElement(Tns + "Id", 1))));
        await _client.GetStringAsync("weather/openapi.json");
        await _client.GetStringAsync("crm/soap?wsdl");
        var stats = await _client.GetFromJsonAsync<JsonElement>("_demo/stats");
        await fixture.Server.ResetAsync();
        var afterReset = await fixture.Server.StatsAsync();

        Assert.Equal(1, stats.GetProperty("crm").GetInt32());
        Assert.Equal(1, stats.GetProperty("maps").GetInt32());
        Assert.Equal(2, stats.GetProperty("weather").GetInt32());
        Assert.Equal(0, stats.GetProperty("payments").GetInt32());
        Assert.Equal(2, stats.GetProperty("routes").GetProperty("GET /weather/v1/current").GetInt32());
        Assert.Equal(0, afterReset.Total);
    }

    [Fact]
    public async Task Stats_record_the_headers_each_upstream_received_until_reset()
    {
        await fixture.Server.ResetAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "maps/v1/reverse?lat=1&lng=2");
        request.Headers.Add("X-Tenant-Id", "acme");

        await _client.SendAsync(request);
        await _client.GetAsync("weather/v1/current?lat=1&lng=2");
        var headers = (await _client.GetFromJsonAsync<JsonElement>("_demo/stats")).GetProperty("headers");
        await fixture.Server.ResetAsync();
        var afterReset = (await _client.GetFromJsonAsync<JsonElement>("_demo/stats")).GetProperty("headers");

        Assert.Equal("acme", headers.GetProperty("maps").GetProperty("x-tenant-id")[0].GetString());
        Assert.False(headers.GetProperty("weather").TryGetProperty("x-tenant-id", out _));
        Assert.Empty(afterReset.EnumerateObject());
    }

    [Fact]
    public async Task Faults_apply_to_the_named_upstream_only_and_stop_after_reset()
    {
        await fixture.Server.ResetAsync();
        await fixture.Server.FaultAsync("weather", errorRate: 1.0);
        await fixture.Server.FaultAsync("crm", errorRate: 1.0);

        using var weather = await _client.GetAsync("weather/v1/current?lat=1&lng=2");
        using var maps = await _client.GetAsync("maps/v1/reverse?lat=1&lng=2");
        var (crmStatus, crmBody) = await PostAsync(_client, Envelope(new XElement(Tns + "GetCustomer", new XElement(Tns + "Id", 1))));
        await fixture.Server.ResetAsync();
        using var healed = await _client.GetAsync("weather/v1/current?lat=1&lng=2");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, weather.StatusCode);
        Assert.Equal(HttpStatusCode.OK, maps.StatusCode);
        Assert.Equal(500, crmStatus);
        Assert.Equal("soap:Server", crmBody.Element("faultcode")!.Value);
        Assert.Equal(HttpStatusCode.OK, healed.StatusCode);
    }

    [Fact]
    public async Task Timeout_fault_hangs_until_the_caller_gives_up()
    {
        await fixture.Server.ResetAsync();
        await fixture.Server.FaultAsync("maps", timeoutRate: 1.0);
        using var impatient = new HttpClient { BaseAddress = fixture.Server.BaseAddress, Timeout = TimeSpan.FromMilliseconds(500) };

        await Assert.ThrowsAsync<TaskCanceledException>(() => impatient.GetAsync("maps/v1/reverse?lat=1&lng=2"));
        await fixture.Server.ResetAsync();
        using var healed = await impatient.GetAsync("maps/v1/reverse?lat=1&lng=2");

        Assert.Equal(HttpStatusCode.OK, healed.StatusCode);
    }

    [Theory]
    [InlineData("{\"upstream\":\"nope\",\"errorRate\":1}")]
    [InlineData("{\"upstream\":\"maps\",\"errorRate\":1.5}")]
    [InlineData("{\"upstream\":\"maps\",\"latencyMs\":-1}")]
    [InlineData("not json")]
    public async Task Invalid_fault_settings_are_refused(string body)
    {
        using var response = await _client.PostAsync("_demo/faults", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
