using System.Net.Http.Json;
using System.Text.Json;
using DemoUpstreams;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Testing;

/// <summary>The demo upstreams on a free loopback port: real HTTP, real SOAP.</summary>
public sealed class DemoServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private DemoServer(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
        Client = new HttpClient { BaseAddress = baseAddress };
    }

    public Uri BaseAddress { get; }

    public HttpClient Client { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<DemoServer> StartAsync(
        IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? configureServices = null)
    {
        var all = new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }
        var app = DemoUpstreamsApp.Build(["--urls", "http://127.0.0.1:0"], all, configureServices);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new DemoServer(app, new Uri(address + "/"));
    }

    /// <summary>The <c>/_demo/stats</c> counts of the demo upstreams.</summary>
    public async Task<UpstreamCounts> StatsAsync()
    {
        var stats = await Client.GetFromJsonAsync<JsonElement>("_demo/stats");
        return new UpstreamCounts(
            stats.GetProperty("crm").GetInt32(),
            stats.GetProperty("maps").GetInt32(),
            stats.GetProperty("weather").GetInt32(),
            stats.GetProperty("payments").GetInt32(),
            stats.GetProperty("rates").GetInt32());
    }

    /// <summary>How many items (ids, addresses, points) batch operations were asked for, by operation.</summary>
    public async Task<long> ItemsAsync(string operation)
    {
        var stats = await Client.GetFromJsonAsync<JsonElement>("_demo/stats");
        return stats.GetProperty("items").TryGetProperty(operation, out var count) ? count.GetInt64() : 0;
    }

    public async Task ResetAsync() => (await Client.PostAsync("_demo/reset", null)).EnsureSuccessStatusCode();

    public async Task FaultAsync(string upstream, double errorRate = 0, int latencyMs = 0, double timeoutRate = 0, int seed = 1)
    {
        var response = await Client.PostAsJsonAsync("_demo/faults", new { upstream, errorRate, latencyMs, timeoutRate, seed });
        response.EnsureSuccessStatusCode();
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>Requests each upstream received since the last reset.</summary>
public sealed record UpstreamCounts(int Crm, int Maps, int Weather, int Payments, int Rates = 0)
{
    public int Total => Crm + Maps + Weather + Payments + Rates;
}
