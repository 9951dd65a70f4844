using Gateway.Sources.Common.Http;
using Gateway.Sources.Common.Options;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>What every source registers the same way: its options and its typed upstream client.</summary>
public static class UpstreamClientRegistration
{
    /// <summary>
    /// Binds <typeparamref name="TOptions"/> from <c>Sources:&lt;source&gt;</c> (validated at start; configuration
    /// keys ignore case, so <c>payments</c> reads <c>Sources:Payments</c>) and adds <typeparamref name="TClient"/> as
    /// a typed HttpClient on the source's base URL, behind the upstream resilience pipeline of <paramref name="source"/>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="source">The source's name, which names its configuration, resilience settings and errors.</param>
    /// <param name="baseUrlIsEndpoint">
    /// True when the base URL is the endpoint itself (a SOAP service): requests go to it, not below it.
    /// </param>
    public static IHttpClientBuilder AddUpstreamClient<TClient, TOptions>(
        this IServiceCollection services, string source, bool baseUrlIsEndpoint = false)
        where TClient : class
        where TOptions : SourceOptions
    {
        services.AddOptions<TOptions>()
            .BindConfiguration(SourceOptions.SectionOf(source))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddHttpContextAccessor();
        return services.AddHttpClient<TClient>((provider, http) =>
            {
                var options = provider.GetRequiredService<IOptions<TOptions>>().Value;
                http.BaseAddress = baseUrlIsEndpoint ? options.BaseUrl : options.BaseAddress;
            })
            .AddHttpMessageHandler(provider => new ForwardedHeadersHandler(
                provider.GetRequiredService<IHttpContextAccessor>(),
                provider.GetRequiredService<IOptions<TOptions>>().Value))
            .AddUpstreamResilience(source);
    }
}
