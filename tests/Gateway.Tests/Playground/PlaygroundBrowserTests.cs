using Gateway.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Gateway.Tests.Playground;

/// <summary>
/// Banana Cake Pop in a real browser: Debian's Chromium, driven by Playwright (no browser download; ./test.sh
/// installs the chromium package). The screenshot is kept in <c>artifacts/</c>.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class PlaygroundBrowserTests(PlaygroundFixture fixture) : IClassFixture<PlaygroundFixture>
{
    /// <summary>The weather is deferred: the IDE gets the name first and the weather in a later payload, and shows both.</summary>
    private const string Query = "{ customer(id: \"7\") { name ... @defer(label: \"weather\") { address { city location { weather { temperatureC condition } } } } } }";

    [Fact]
    public async Task The_ide_loads_the_schema_and_runs_a_deferred_query_across_the_crm_and_weather()
    {
        var expected = (await fixture.Client.GraphQLAsync("{ customer(id: \"7\") { name } }")).Data.GetProperty("customer").GetProperty("name").GetString()!;
        var address = fixture.Gateway.Address;
        var artifacts = Directory.CreateDirectory(Path.Combine(RepositoryPaths.Root, "artifacts")).FullName;
        using var playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 900 } });
        var elsewhere = new List<string>();
        page.Request += (_, request) =>
        {
            if (!request.Url.StartsWith(address.GetLeftPart(UriPartial.Authority), StringComparison.Ordinal)
                && !request.Url.StartsWith("ws://" + address.Authority, StringComparison.Ordinal)
                && !request.Url.StartsWith("data:", StringComparison.Ordinal)
                && !request.Url.StartsWith("blob:", StringComparison.Ordinal))
            {
                elsewhere.Add(request.Url);
            }
        };

        page.SetDefaultTimeout(60_000);
        var traffic = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var deferred = new System.Collections.Concurrent.ConcurrentQueue<string>();
        page.Response += (_, r) =>
        {
            traffic.Enqueue($"{r.Request.Method} {r.Url} {r.Status} {r.Request.Headers.GetValueOrDefault("accept")} {r.Headers.GetValueOrDefault("content-type")} {r.Request.PostData?[..Math.Min(80, r.Request.PostData.Length)]}");
            if (r.Request.PostData?.Contains("@defer", StringComparison.Ordinal) == true)
            {
                deferred.Enqueue(r.Headers.GetValueOrDefault("content-type") ?? "");

            }
        };
        page.WebSocket += (_, ws) => traffic.Enqueue($"WS {ws.Url}");
        await page.GotoAsync(new Uri(address, "/graphql").AbsoluteUri, new PageGotoOptions { WaitUntil = WaitUntilState.Load });
        string text;
        try
        {
            text = await RunQueryAsync(page);
        }
        finally
        {
            var names = await page.Locator("button").EvaluateAllAsync<string[]>("bs => bs.map(b => (b.getAttribute('aria-label') || '') + '|' + b.innerText)");
            await File.WriteAllLinesAsync(Path.Combine(artifacts, "playground-traffic.txt"), traffic.Concat(names));
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(artifacts, "playground.png") });
        }

        Assert.EndsWith("/graphql/", page.Url, StringComparison.Ordinal);
        Assert.Contains("temperatureC", text);
        Assert.Contains(expected, text);
        Assert.Contains("condition", text);
        // The IDE takes any media type (Accept: */*) and reads multipart answers: the parts came apart and it merged them.
        Assert.Contains(deferred, type => type.StartsWith("multipart/mixed", StringComparison.Ordinal) || type.StartsWith("text/event-stream", StringComparison.Ordinal));
        Assert.Empty(elsewhere);
    }

    /// <summary>
    /// Creates a document, types the query, runs it and returns the response panel's text. The IDE's service worker
    /// may reload the page once when it takes control, and on a busy machine the IDE may take a moment before a
    /// freshly typed operation runs; a person would create the document again or press Run again, and so does this,
    /// a bounded number of times.
    /// </summary>
    private static async Task<string> RunQueryAsync(IPage page)
    {
        var create = page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Create Document" });
        // By its text: once its tooltip attaches, the button's accessible name becomes "Run Operation (Ctrl+Alt+⏎)".
        var runButton = page.Locator("button").Filter(new LocatorFilterOptions { HasTextRegex = new System.Text.RegularExpressions.Regex("^\\s*Run\\s*$") });
        var editor = page.Locator(".monaco-editor").First;
        var response = page.Locator(".monaco-editor").Filter(new LocatorFilterOptions { HasText = "\"data\"" });

        for (var attempt = 1; attempt <= 120; attempt++)
        {
            if (await create.IsVisibleAsync())
            {
                await create.ClickAsync();
            }
            else if (await page.GetByText("Schema available").IsVisibleAsync() && await editor.IsVisibleAsync())
            {
                if (!(await editor.InnerTextAsync()).Contains("temperatureC", StringComparison.Ordinal))
                {
                    await editor.ClickAsync();
                    await page.Keyboard.PressAsync("Control+A");
                    await page.Keyboard.InsertTextAsync(Query);
                }
                await runButton.First.ClickAsync(new LocatorClickOptions { Timeout = 5_000 });
                try
                {
                    await response.GetByText("temperatureC").WaitForAsync(new LocatorWaitForOptions { Timeout = 3_000 });
                    // Monaco renders spaces as no-break spaces.
                    return (await response.InnerTextAsync()).Replace('\u00A0', ' ');
                }
                catch (TimeoutException)
                {
                }
            }
            await page.WaitForTimeoutAsync(500);
        }
        throw new TimeoutException("The IDE did not show the query's response.");
    }
}

/// <summary>Browser tests run on their own, after the rest: a browser and the suite on two cores slow each other down.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class BrowserCollection
{
    public const string Name = "Browser";
}
