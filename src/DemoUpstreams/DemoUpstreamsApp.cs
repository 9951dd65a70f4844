using DemoUpstreams.Control;
using DemoUpstreams.Crm;
using DemoUpstreams.Maps;
using DemoUpstreams.Payments;
using DemoUpstreams.Rates;
using DemoUpstreams.Weather;

namespace DemoUpstreams;

/// <summary>
/// Builds the demo upstreams: CRM (SOAP), maps, weather and payments (REST) on one port under path prefixes,
/// plus the <c>/_demo</c> control plane. Runs standalone or inside the gateway process.
/// </summary>
public static class DemoUpstreamsApp
{
    /// <summary>
    /// The REST upstreams that publish an OpenAPI document at <c>/&lt;name&gt;/openapi.json</c>: each is a file beside
    /// its endpoints (<c>Maps/openapi.json</c>), written by ASP.NET Core's OpenAPI generator from those endpoints and
    /// kept as a file, as a real service keeps its published contract (a test holds it to the routes).
    /// </summary>
    public static readonly string[] OpenApiDocuments = [Upstreams.Maps, Upstreams.Weather, Upstreams.Payments, Upstreams.Rates];

    /// <param name="args">Command-line arguments (for example <c>--urls</c>).</param>
    /// <param name="settings">Configuration that overrides everything else (used when embedded).</param>
    /// <param name="configureServices">Last say over services, for example a controllable clock in tests.</param>
    public static WebApplication Build(
        string[] args,
        IReadOnlyDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? configureServices = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ApplicationName = typeof(DemoUpstreamsApp).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        var services = builder.Services;
        services.AddOptions<DemoOptions>()
            .Bind(builder.Configuration.GetSection("Demo"))
            .Configure<IConfiguration>((options, configuration) => configuration.GetSection("Payments").Bind(options.Payments));
        services.AddSingleton(sp => sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<DemoOptions>>().Value);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<DemoStats>();
        services.AddSingleton<FaultInjector>();
        services.AddSingleton<CrmStore>();
        services.AddSingleton<CrmSoapEndpoint>();
        services.AddSingleton<WeatherModel>();
        services.AddSingleton<PaymentStore>();
        services.AddSingleton<WebhookDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<WebhookDispatcher>());
        services.AddHttpClient(WebhookDispatcher.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(5));
        services.AddProblemDetails();

        configureServices?.Invoke(services);

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseRouting();
        app.UseMiddleware<UpstreamMiddleware>();

        app.MapServiceDescriptions();
        app.Map("/crm/soap", (HttpContext context, CrmSoapEndpoint crm) => crm.HandleAsync(context)).ExcludeFromDescription();
        app.MapMaps();
        app.MapWeather();
        app.MapPayments();
        app.MapRates();
        app.MapDemoControl();
        return app;
    }
}
