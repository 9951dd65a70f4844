using DemoUpstreams;
using Microsoft.Extensions.Options;

namespace Gateway.Hosting.Demo;

/// <summary>
/// Runs the demo upstreams inside the gateway process on <c>Demo:Url</c>, so <c>dotnet run --project src/Gateway</c>
/// shows the whole system. It starts before the gateway accepts requests and stops after it.
/// </summary>
public sealed class EmbeddedDemoUpstreams(
    IOptions<DemoHostingOptions> options,
    IConfiguration configuration,
    ILogger<EmbeddedDemoUpstreams> logger) : IHostedService, IAsyncDisposable
{
    private WebApplication? _app;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }
        var settings = new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Warning",
            ["Payments:WebhookSecret"] = configuration["Sources:Payments:WebhookSecret"],
        };
        // Demo:* goes through as is (Demo:LatencyMs, Demo:Weather:StepSeconds); Demo:Payments:* configures payments.
        foreach (var (key, value) in configuration.GetSection(DemoHostingOptions.SectionName).AsEnumerable(makePathsRelative: true))
        {
            if (value is null)
            {
                continue;
            }
            settings[key.StartsWith("Payments:", StringComparison.OrdinalIgnoreCase) ? key : $"Demo:{key}"] = value;
        }

        _app = DemoUpstreamsApp.Build(["--urls", options.Value.Url], settings);
        await _app.StartAsync(cancellationToken);
        logger.LogInformation("Demo upstreams listening on {Url}", options.Value.Url);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_app is not null)
        {
            await _app.StopAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}
