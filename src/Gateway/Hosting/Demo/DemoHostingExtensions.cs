using Gateway.Hosting.Demo;

namespace Microsoft.Extensions.Hosting;

/// <summary>Hosts the demo upstreams in-process unless <c>Demo:Enabled</c> is false.</summary>
public static class DemoHostingExtensions
{
    public static IHostApplicationBuilder AddDemoUpstreams(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<DemoHostingOptions>().BindConfiguration(DemoHostingOptions.SectionName);
        // Enabled is read when the host starts, so every configuration source (tests included) has its say.
        builder.Services.AddHostedService<EmbeddedDemoUpstreams>();
        return builder;
    }
}
