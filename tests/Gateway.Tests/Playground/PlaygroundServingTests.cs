using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Gateway.Testing;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Playground;

public sealed class PlaygroundFixture : GatewayFixture
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
    {
        ["Playground:Directory"] = RepositoryPaths.Playground,
    };
}

/// <summary>How the IDE is served, as its own middleware serves it.</summary>
public sealed partial class PlaygroundServingTests(PlaygroundFixture fixture) : IClassFixture<PlaygroundFixture>
{
    private readonly HttpClient _client = fixture.Gateway.CreateClientWithoutRedirects();

    [Fact]
    public async Task A_browser_get_of_the_endpoint_is_redirected_to_the_ide()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/graphql");
        request.Headers.Accept.ParseAdd("text/html,application/xhtml+xml,*/*;q=0.8");

        using var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/graphql/", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task The_ide_is_served_with_only_local_assets()
    {
        using var response = await _client.GetAsync("/graphql/");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("Banana Cake Pop", html);
        var assets = AssetReference().Matches(html).Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(assets);
        Assert.All(assets, asset => Assert.DoesNotContain("://", asset));
        foreach (var asset in assets.Where(a => a.EndsWith(".js", StringComparison.Ordinal) || a.EndsWith(".css", StringComparison.Ordinal)))
        {
            using var file = await _client.GetAsync("/graphql/" + asset.TrimStart('.', '/'));
            Assert.Equal(HttpStatusCode.OK, file.StatusCode);
            Assert.Contains(file.Content.Headers.ContentType!.MediaType, new[] { "text/javascript", "application/javascript", "text/css" });
        }
    }

    [Fact]
    public async Task The_config_points_the_ide_at_this_endpoint()
    {
        var config = JsonDocument.Parse(await _client.GetStringAsync("/graphql/bcp-config.json")).RootElement;
        var address = _client.BaseAddress!;

        Assert.True(config.GetProperty("useBrowserUrlAsEndpoint").GetBoolean());
        Assert.Equal($"ws://{address.Authority}/graphql", config.GetProperty("subscriptionEndpoint").GetString());
        Assert.Equal("GraphQL API gateway", config.GetProperty("title").GetString());
        Assert.True(config.GetProperty("disableTelemetry").GetBoolean());
    }

    [Fact]
    public async Task Unknown_files_are_404()
    {
        using var missing = await _client.GetAsync("/graphql/static/js/nothing.js");
        using var escape = await _client.GetAsync("/graphql/..%2f..%2fappsettings.json");

        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, escape.StatusCode);
    }

    [Fact]
    public async Task A_get_with_a_query_is_still_a_graphql_request()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/graphql?query=%7B__typename%7D");
        request.Headers.Accept.ParseAdd("text/html,application/json;q=0.9");

        var response = await GraphQLClientExtensions.ReadAsync(await _client.SendAsync(request));

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("Query", response.Data.GetProperty("__typename").GetString());
    }

    [Fact]
    public async Task Production_serves_no_ide_by_default()
    {
        await using var production = new GatewayServer(fixture.Demo,
            new Dictionary<string, string?> { ["Playground:Directory"] = RepositoryPaths.Playground }, environment: "Production");
        using var client = production.CreateClientWithoutRedirects();
        using var browser = new HttpRequestMessage(HttpMethod.Get, "/graphql");
        browser.Headers.Accept.ParseAdd("text/html");

        using var endpoint = await client.SendAsync(browser);
        using var ide = await client.GetAsync("/graphql/");

        Assert.InRange((int)endpoint.StatusCode, 400, 499);
        Assert.InRange((int)ide.StatusCode, 400, 499);
        Assert.DoesNotContain("Banana Cake Pop", await ide.Content.ReadAsStringAsync());
    }

    [GeneratedRegex("(?:src|href)=\"([^\"]+)\"")]
    private static partial Regex AssetReference();
}
