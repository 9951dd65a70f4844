using System.Text;
using Gateway.Security.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// JWT bearer authentication from <c>Gateway:Auth</c>. A request without a token is anonymous and may use every
/// field that needs no scope; a request with a token that does not validate is refused with 401.
/// </summary>
public static class GatewayAuthenticationExtensions
{
    public static IHostApplicationBuilder AddGatewayAuthentication(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<GatewayAuthOptions>()
            .BindConfiguration(GatewayAuthOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<BearerTokens>();
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<GatewayAuthOptions>>((jwt, auth) => Configure(jwt, auth.Value));
        return builder;
    }

    private static void Configure(JwtBearerOptions jwt, GatewayAuthOptions auth)
    {
        jwt.MapInboundClaims = false;
        jwt.Authority = auth.Authority;
        jwt.RequireHttpsMetadata = auth.RequireHttpsMetadata;
        jwt.TokenValidationParameters = new TokenValidationParameters
        {
            ValidAudience = auth.Audience,
            ValidIssuer = auth.Authority is null ? auth.Issuer : null,
            ValidateIssuer = true,
            ValidateAudience = true,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            ClockSkew = auth.ClockSkew,
            NameClaimType = "sub",
            // Without a key or an authority nothing can validate: every token is refused, none is trusted.
            IssuerSigningKey = auth.SigningKey is { } key ? new SymmetricSecurityKey(Encoding.UTF8.GetBytes(key)) : null,
            RequireSignedTokens = true,
        };
        jwt.Events = new JwtBearerEvents
        {
            OnMessageReceived = context =>
            {
                if (BearerTokens.FromAuthorization(context.Request.Headers.Authorization.ToString()) is { } token
                    && context.HttpContext.RequestServices.GetRequiredService<BearerTokens>().Development(token) is { } developer)
                {
                    context.Principal = developer;
                    context.Success();
                }
                return Task.CompletedTask;
            },
        };
    }

    /// <summary>Logs once at start when the development token is configured where it does not apply, or applies.</summary>
    public static WebApplication WarnAboutDevelopmentToken(this WebApplication app)
    {
        var auth = app.Services.GetRequiredService<IOptions<GatewayAuthOptions>>().Value;
        if (auth.DevelopmentToken is { Length: > 0 })
        {
            var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Gateway.Security");
            if (app.Environment.IsDevelopment())
            {
                logger.LogWarning("Gateway:Auth:DevelopmentToken is accepted as a bearer token with scopes {Scopes}: for local development only", auth.DevelopmentScopes);
            }
            else
            {
                logger.LogWarning("Gateway:Auth:DevelopmentToken is set but ignored outside Development");
            }
        }
        return app;
    }
}
