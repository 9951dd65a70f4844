using Gateway.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Tests.Infrastructure;

/// <summary>
/// The real gateway (its Program) on Kestrel on a free loopback port, pointed at a <see cref="DemoServer"/>.
/// Settings override appsettings.json like environment variables would.
/// </summary>
public sealed class GatewayServer : WebApplicationFactory<Program>
{
    private readonly IReadOnlyDictionary<string, string?> _settings;
    private readonly string _environment;
    private readonly Action<IServiceCollection>? _configureServices;

    public GatewayServer(
        DemoServer demo,
        IReadOnlyDictionary<string, string?>? settings = null,
        string environment = "Development",
        Action<IServiceCollection>? configureServices = null)
    {
        _environment = environment;
        _configureServices = configureServices;
        var all = new Dictionary<string, string?>
        {
            ["Demo:Enabled"] = "false",
            // Every source on the default demo address follows the demo to its port, declarative ones included.
            ["Demo:Url"] = demo.BaseAddress.AbsoluteUri.TrimEnd('/'),
            ["Logging:LogLevel:Default"] = "Warning",
            ["Gateway:Auth:Issuer"] = TestTokens.Issuer,
            ["Gateway:Auth:Audience"] = TestTokens.Audience,
            ["Gateway:Auth:SigningKey"] = TestTokens.SigningKey,
            // Tests count requests of their own; the rate limit tests turn it back on.
            ["Gateway:RateLimit:Enabled"] = "false",
            // Source files do not change under a test gateway; the reload tests turn watching on.
            ["Gateway:ReloadSources"] = "false",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }
        _settings = all;
        // A listener of Kestrel's own, not UseKestrel(port): that overload rewrites IServerAddressesFeature after the
        // host is built, while the app's entry point, on its own thread, may already be binding (and so freezing) it,
        // which failed a start now and then with "Addresses cannot be modified after the server has started"
        // (dotnet/aspnetcore#67714).
        UseKestrel(kestrel => kestrel.Listen(System.Net.IPAddress.Loopback, 0));
        StartServer();
    }

    /// <summary>Where the gateway listens (Kestrel on loopback).</summary>
    public Uri Address => new(Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First());

    /// <summary>A client that does not follow redirects (and sends the default token).</summary>
    public HttpClient CreateClientWithoutRedirects()
    {
        var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = Address };
        ConfigureClient(client);
        return client;
    }

    /// <summary>A client that sends no token at all.</summary>
    public HttpClient CreateAnonymousClient() => new() { BaseAddress = Address };

    /// <summary>Every client made by the factory sends <see cref="TestTokens.Default"/> (all scopes).</summary>
    protected override void ConfigureClient(HttpClient client)
    {
        base.ConfigureClient(client);
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", TestTokens.Default);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(_environment);
        if (_configureServices is not null)
        {
            builder.ConfigureServices(_configureServices);
        }
        // A null value means "leave it to appsettings": the key is not set at all.
        foreach (var (key, value) in _settings.Where(setting => setting.Value is not null))
        {
            builder.UseSetting(key, value);
        }
    }
}
