using Gateway.Security.Cors;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.Hosting;

/// <summary>CORS for browser apps on other origins, from <c>Gateway:Cors</c>, with ASP.NET Core's own middleware.</summary>
public static class GatewayCorsExtensions
{
    public const string PolicyName = "gateway";

    public static IHostApplicationBuilder AddGatewayCors(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<GatewayCorsOptions>()
            .BindConfiguration(GatewayCorsOptions.SectionName)
            .Validate(options => !(options.AllowCredentials && options.AllowedOrigins.Contains("*")),
                "Gateway:Cors: AllowCredentials cannot be combined with the origin '*'; list the origins.")
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<OriginPolicy>();
        builder.Services.AddCors();
        builder.Services.AddOptions<Microsoft.AspNetCore.Cors.Infrastructure.CorsOptions>()
            .Configure<IOptions<GatewayCorsOptions>, OriginPolicy>((cors, settings, origins) => cors.AddPolicy(PolicyName, policy =>
            {
                var options = settings.Value;
                if (options.AllowedOrigins.Contains("*"))
                {
                    policy.AllowAnyOrigin();
                }
                else
                {
                    policy.SetIsOriginAllowed(origins.IsAllowed);
                }
                // What GraphQL clients send: JSON bodies, a token, persisted-query and tracing headers of their own;
                // PUT and DELETE reserve and stop graphql-sse's single-connection streams.
                policy.WithMethods("GET", "POST", "PUT", "DELETE")
                    .AllowAnyHeader()
                    .WithExposedHeaders(options.ExposedHeaders)
                    .SetPreflightMaxAge(options.MaxAge);
                if (options.AllowCredentials)
                {
                    policy.AllowCredentials();
                }
            }));
        return builder;
    }
}
