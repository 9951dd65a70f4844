using Microsoft.Extensions.DependencyInjection;
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

public sealed class OpenApiDocumentTests(DemoFixture fixture) : IClassFixture<DemoFixture>
{
    /// <summary>The kept documents are the services' contracts: every route of an upstream is in its document, and nothing else.</summary>
    [Theory]
    [InlineData("maps")]
    [InlineData("weather")]
    [InlineData("payments")]
    [InlineData("rates")]
    public void Each_document_lists_exactly_the_routes_its_upstream_serves(string upstream)
    {
        var routes = fixture.Server.Services.GetRequiredService<Microsoft.AspNetCore.Routing.EndpointDataSource>().Endpoints
            .OfType<Microsoft.AspNetCore.Routing.RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText!.StartsWith($"/{upstream}/v1", StringComparison.Ordinal))
            .SelectMany(e => e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()!.HttpMethods
                .Select(method => $"{method} {System.Text.RegularExpressions.Regex.Replace(e.RoutePattern.RawText!, ":[a-z]+}", "}")}"))
            .Order(StringComparer.Ordinal);
        var document = DemoUpstreams.Control.ServiceDescriptions.Read(upstream)!;
        var documented = document["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject().Select(operation => $"{operation.Key.ToUpperInvariant()} {path.Key}"))
            .Order(StringComparer.Ordinal);

        Assert.Equal(routes, documented);
    }
}
