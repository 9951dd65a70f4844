using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Threading.RateLimiting;
using Gateway.Security.RateLimiting;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.Hosting;

/// <summary>Per-client rate limiting of the GraphQL endpoint, and the proxies whose forwarding headers are trusted.</summary>
public static class GatewayRateLimitingExtensions
{
    public const string Policy = "graphql-per-client";
    public const string RateLimited = "RATE_LIMITED";

    public static IHostApplicationBuilder AddGatewayRateLimiting(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<GatewayRateLimitOptions>()
            .BindConfiguration(GatewayRateLimitOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = RejectAsync;
            limiter.AddPolicy(Policy, context =>
            {
                var options = context.RequestServices.GetRequiredService<IOptions<GatewayRateLimitOptions>>().Value;
                return RateLimitPartition.GetTokenBucketLimiter(ClientKey(context), _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = options.Burst,
                    TokensPerPeriod = options.PermitsPerPeriod,
                    ReplenishmentPeriod = options.Period,
                    QueueLimit = 0,
                    AutoReplenishment = true,
                });
            });
        });

        // X-Forwarded-For is believed only from the proxies listed in Gateway:TrustedProxies (addresses or CIDR
        // ranges); from anyone else it is ignored, so clients cannot choose their own rate-limit partition.
        var trusted = builder.Configuration.GetSection("Gateway:TrustedProxies").Get<string[]>() ?? [];
        builder.Services.Configure<ForwardedHeadersOptions>(forwarded =>
        {
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            forwarded.KnownIPNetworks.Clear();
            forwarded.KnownProxies.Clear();
            foreach (var proxy in trusted)
            {
                if (proxy.Contains('/', StringComparison.Ordinal))
                {
                    forwarded.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(proxy));
                }
                else
                {
                    forwarded.KnownProxies.Add(IPAddress.Parse(proxy));
                }
            }
        });
        return builder;
    }

    /// <summary>
    /// Honours X-Forwarded-For/-Proto from <c>Gateway:TrustedProxies</c> only. Without any, the middleware is left
    /// out entirely: with empty lists ASP.NET Core's forwarded-headers middleware would trust every sender.
    /// </summary>
    public static WebApplication UseTrustedProxies(this WebApplication app)
    {
        var forwarded = app.Services.GetRequiredService<IOptions<ForwardedHeadersOptions>>().Value;
        if (forwarded.KnownIPNetworks.Count > 0 || forwarded.KnownProxies.Count > 0)
        {
            app.UseForwardedHeaders();
        }
        return app;
    }

    /// <summary>Applies the per-client policy to the GraphQL endpoint unless <c>Gateway:RateLimit:Enabled</c> is false.</summary>
    public static IEndpointConventionBuilder WithGatewayRateLimit(this IEndpointConventionBuilder endpoint, IServiceProvider services) =>
        services.GetRequiredService<IOptions<GatewayRateLimitOptions>>().Value.Enabled ? endpoint.RequireRateLimiting(Policy) : endpoint;

    /// <summary>The token's subject for authenticated callers, the client address otherwise.</summary>
    private static string ClientKey(HttpContext context) =>
        context.User.Identity?.IsAuthenticated == true && context.User.FindFirst("sub")?.Value is { Length: > 0 } subject
            ? "sub:" + subject
            : "ip:" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown");

    private static async ValueTask RejectAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var response = rejected.HttpContext.Response;
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        response.ContentType = "application/json; charset=utf-8";
        await JsonSerializer.SerializeAsync(response.Body, new
        {
            errors = new[]
            {
                new
                {
                    message = $"Too many requests: retry in {seconds} s.",
                    extensions = new { code = RateLimited },
                },
            },
        }, cancellationToken: cancellationToken).ConfigureAwait(false);
    }
}
