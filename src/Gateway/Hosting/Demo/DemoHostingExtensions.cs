using Gateway.Hosting.Demo;

namespace Microsoft.Extensions.Hosting;

/// <summary>Hosts the demo upstreams in-process unless <c>Demo:Enabled</c> is false.</summary>
public static class DemoHostingExtensions
{
    public static IHostApplicationBuilder AddDemoUpstreams(this IHostApplicationBuilder builder)
    {
        PointSourcesAtDemo(builder.Configuration);
        builder.Services.AddOptions<DemoHostingOptions>().BindConfiguration(DemoHostingOptions.SectionName);
        // Enabled is read when the host starts, so every configuration source (tests included) has its say.
        builder.Services.AddHostedService<EmbeddedDemoUpstreams>();
        return builder;
    }

    /// <summary>
    /// With <c>Demo:Url</c> moved, every <c>Sources:&lt;Name&gt;:BaseUrl</c> still on the default demo address follows it,
    /// declarative and hand-written sources alike; base URLs pointing anywhere else are left alone.
    /// </summary>
    private static void PointSourcesAtDemo(IConfigurationManager configuration)
    {
        var demo = configuration[$"{DemoHostingOptions.SectionName}:Url"]?.TrimEnd('/');
        if (string.IsNullOrEmpty(demo) || demo == DemoHostingOptions.DefaultUrl)
        {
            return;
        }
        var moved = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var source in configuration.GetSection("Sources").GetChildren())
        {
            if (source["BaseUrl"] is { } url && url.StartsWith(DemoHostingOptions.DefaultUrl + "/", StringComparison.Ordinal))
            {
                moved[$"Sources:{source.Key}:BaseUrl"] = demo + url[DemoHostingOptions.DefaultUrl.Length..];
            }
        }
        configuration.AddInMemoryCollection(moved);
    }
}
