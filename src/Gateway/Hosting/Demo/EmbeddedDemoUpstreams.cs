using DemoUpstreams;
using DemoUpstreams.Payments;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace Gateway.Hosting.Demo;

/// <summary>
/// Runs the demo upstreams inside the gateway process on <c>Demo:Url</c>, so <c>dotnet run --project src/Gateway</c>
/// shows the whole system. It starts before the gateway accepts requests and stops after it.
/// </summary>
public sealed class EmbeddedDemoUpstreams(
    IOptions<DemoHostingOptions> options,
    IConfiguration configuration,
    IServer server,
    IHostApplicationLifetime lifetime,
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
        await _app.StartAsync(cancellationToken).ConfigureAwait(false);
        logger.LogInformation("Demo upstreams listening on {Url}", options.Value.Url);

        // The payments demo delivers its webhooks to this gateway, whose address is known once it listens.
        lifetime.ApplicationStarted.Register(() =>
        {
            if (WebhookUrl() is { } url)
            {
                _app.Services.GetRequiredService<WebhookDispatcher>().WebhookUrl = url;
                logger.LogInformation("Demo payments webhooks go to {Url}", url);
            }
        });
    }

    private string? WebhookUrl()
    {
        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        if (address is null)
        {
            return null;
        }
        // A wildcard listen address is reached on loopback.
        var uri = new UriBuilder(address.Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal));
        if (uri.Host is "0.0.0.0" or "[::]" or "::")
        {
            uri.Host = "127.0.0.1";
        }
        uri.Path = "/webhooks/payments";
        return uri.Uri.AbsoluteUri;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_app is not null)
        {
            await _app.StopAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync().ConfigureAwait(false);
        }
    }
}
