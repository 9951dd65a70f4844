using System.Text.Json;

namespace DemoUpstreams.Tests;

public sealed class OpenApiTests(DemoFixture fixture) : IClassFixture<DemoFixture>
{
    [Theory]
    [InlineData("maps", "/maps/v1/geocode/batch")]
    [InlineData("weather", "/weather/v1/forecast")]
    [InlineData("payments", "/payments/v1/payments/{id}/refund")]
    public async Task Each_rest_upstream_publishes_an_openapi_document_of_its_own_paths(string upstream, string path)
    {
        using var document = JsonDocument.Parse(await fixture.Client.GetStringAsync($"{upstream}/openapi.json"));
        var root = document.RootElement;
        var paths = root.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();

        Assert.StartsWith("3.", root.GetProperty("openapi").GetString());
        Assert.Contains(path, paths);
        Assert.All(paths, p => Assert.StartsWith($"/{upstream}/", p));
    }
}
