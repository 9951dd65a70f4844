using Gateway.Playground;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Banana Cake Pop at the GraphQL endpoint (<c>Playground:Enabled</c>; on in Development).</summary>
public static class PlaygroundExtensions
{
    public static IServiceCollection AddPlayground(this IServiceCollection services)
    {
        services.AddOptions<PlaygroundOptions>().BindConfiguration(PlaygroundOptions.SectionName);
        return services;
    }

    public static IApplicationBuilder UsePlayground(this IApplicationBuilder app, string path) =>
        app.UseMiddleware<PlaygroundMiddleware>(new PathString(path));
}
