using System.Text.Json;
using Gateway.Tests.Infrastructure;
using Gateway.Tests.Playground;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Playwright;

namespace Gateway.Tests.Security;

/// <summary>
/// A gateway that allows one origin, and two web apps on loopback (two ports, two origins): the one allowed and
/// one that is not. Chromium loads each app's page and calls the gateway from it, as a frontend would.
/// </summary>
public sealed class BrowserCorsFixture : GatewayFixture
{
    private WebApplication? _allowed;
    private WebApplication? _foreign;

    public string AllowedOrigin { get; private set; } = "";

    public string ForeignOrigin { get; private set; } = "";

    protected override string Environment => "Production";

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
    {
        ["Gateway:Cors:AllowedOrigins:0"] = AllowedOrigin,
        ["Sources:Weather:PollInterval"] = "00:00:00.250",
    };

    /// <summary>The demo's weather changes every second, so a weather subscription soon has an event.</summary>
    protected override IReadOnlyDictionary<string, string?> DemoSettings => new Dictionary<string, string?> { ["Demo:Weather:StepSeconds"] = "1" };

    protected override async Task BeforeStartAsync()
    {
        static void Page(WebApplication app) =>
            app.MapGet("/", () => Results.Content("<!doctype html><html><head><title>app</title></head><body>app</body></html>", "text/html"));
        (_allowed, var allowed) = await LoopbackStub.StartAsync(Page);
        (_foreign, var foreign) = await LoopbackStub.StartAsync(Page);
        AllowedOrigin = allowed.TrimEnd('/');
        ForeignOrigin = foreign.TrimEnd('/');
    }

    protected override async Task AfterStopAsync()
    {
        foreach (var app in new[] { _allowed, _foreign })
        {
            if (app is not null)
            {
                await app.DisposeAsync();
            }
        }
    }
}

[Collection(BrowserCollection.Name)]
public sealed class BrowserCorsTests(BrowserCorsFixture fixture) : IClassFixture<BrowserCorsFixture>
{
    /// <summary>A page's script: a POST with a token (so the browser sends a preflight first), and a WebSocket.</summary>
    private const string Script = """
        async ({ url, token, query }) => {
          let http;
          try {
            const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer ' + token }, body: JSON.stringify({ query }) });
            http = await response.text();
          } catch (error) {
            http = 'refused: ' + error.name;
          }
          const socket = await new Promise((resolve) => {
            const ws = new WebSocket(url.replace('http', 'ws'), 'graphql-transport-ws');
            ws.onopen = () => { ws.close(); resolve('open'); };
            ws.onerror = () => resolve('refused');
          });
          return { http, socket };
        }
        """;

    /// <summary>
    /// A page's script in graphql-sse's single connection mode: one stream, then <c>count</c> weather subscriptions
    /// sent to it; it returns the ids of the operations that delivered an event. Over HTTP/1.1 a browser allows six
    /// connections per host, so this many subscriptions in distinct connections mode would not all open.
    /// </summary>
    private const string SingleConnectionScript = """
        async ({ url, token, count }) => {
          const auth = { authorization: 'Bearer ' + token };
          const reservation = await (await fetch(url, { method: 'PUT', headers: auth })).text();
          const streamHeaders = { ...auth, accept: 'text/event-stream', 'x-graphql-event-stream-token': reservation };
          const stream = await fetch(url, { headers: streamHeaders });
          const reader = stream.body.pipeThrough(new TextDecoderStream()).getReader();
          for (let i = 0; i < count; i++) {
            const query = `subscription { weatherChanged(lat: ${30 + i}.5, lng: ${40 + i}.5) { temperatureC } }`;
            await fetch(url, { method: 'POST', headers: { ...auth, 'content-type': 'application/json', accept: 'application/json', 'x-graphql-event-stream-token': reservation },
              body: JSON.stringify({ query, extensions: { operationId: 'w' + i } }) });
          }
          const seen = new Set();
          let buffer = '';
          while (seen.size < count) {
            const { value, done } = await reader.read();
            if (done) break;
            buffer += value;
            let end;
            while ((end = buffer.indexOf('\n\n')) >= 0) {
              const event = buffer.slice(0, end);
              buffer = buffer.slice(end + 2);
              const data = event.split('\n').find((line) => line.startsWith('data: '));
              if (event.startsWith('event: next') && data) seen.add(JSON.parse(data.slice(6)).id);
            }
          }
          await reader.cancel();
          return [...seen].sort();
        }
        """;

    [Fact]
    public async Task A_page_runs_more_subscriptions_than_the_browsers_connection_limit_over_one_stream()
    {
        using var playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var page = await browser.NewPageAsync();
        await page.GotoAsync(fixture.AllowedOrigin + "/");

        var ids = await page.EvaluateAsync<string[]>(SingleConnectionScript,
            new { url = new Uri(fixture.Gateway.Address, "/graphql").AbsoluteUri, token = TestTokens.Default, count = 8 });

        Assert.Equal(Enumerable.Range(0, 8).Select(i => "w" + i).Order(StringComparer.Ordinal), ids);
    }

    private async Task<JsonElement> FromPageAsync(string origin, string query)
    {
        using var playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var page = await browser.NewPageAsync();
        await page.GotoAsync(origin + "/");
        var result = await page.EvaluateAsync<JsonElement>(Script, new { url = new Uri(fixture.Gateway.Address, "/graphql").AbsoluteUri, token = TestTokens.Default, query });
        return result;
    }

    [Fact]
    public async Task A_page_of_the_allowed_origin_queries_the_gateway_and_opens_a_websocket()
    {
        var result = await FromPageAsync(fixture.AllowedOrigin, "{ customer(id: \"25\") { crmId } }");

        Assert.Equal("25", JsonDocument.Parse(result.GetProperty("http").GetString()!).RootElement.GetProperty("data").GetProperty("customer").GetProperty("crmId").GetString());
        Assert.Equal("open", result.GetProperty("socket").GetString());
    }

    [Fact]
    public async Task A_page_of_another_origin_is_refused_before_anything_runs()
    {
        await fixture.Demo.ResetAsync();

        var result = await FromPageAsync(fixture.ForeignOrigin, "{ customer(id: \"26\") { id } }");

        Assert.Equal("refused: TypeError", result.GetProperty("http").GetString());
        Assert.Equal("refused", result.GetProperty("socket").GetString());
        // The preflight failed, so the query was never sent: the CRM saw nothing.
        Assert.Equal(0, (await fixture.Demo.StatsAsync()).Crm);
    }
}
