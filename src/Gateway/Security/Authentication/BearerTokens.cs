using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Gateway.Security.Authentication;

/// <summary>
/// Validates a bearer token outside the HTTP authentication middleware (a WebSocket <c>connection_init</c>
/// payload) with exactly the JwtBearer handler's settings and keys, and recognises the development token.
/// </summary>
public sealed class BearerTokens(
    IOptionsMonitor<JwtBearerOptions> jwtOptions,
    IOptions<GatewayAuthOptions> options,
    IHostEnvironment environment)
{
    private readonly byte[]? _developmentToken = environment.IsDevelopment() && options.Value.DevelopmentToken is { Length: > 0 } token
        ? Encoding.UTF8.GetBytes(token)
        : null;
    private readonly string _developmentScopes = options.Value.DevelopmentScopes;

    private const string Scheme = "Bearer ";

    /// <summary>The token of an <c>Authorization</c> value (<c>Bearer &lt;token&gt;</c>); null for any other scheme.</summary>
    public static string? FromAuthorization(string value) =>
        value.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase) ? value[Scheme.Length..].Trim() : null;

    /// <summary>The development user when <paramref name="token"/> is the configured development token (Development only).</summary>
    public ClaimsPrincipal? Development(string token)
    {
        if (_developmentToken is null || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(token), _developmentToken))
        {
            return null;
        }
        var identity = new ClaimsIdentity([new Claim("sub", "developer"), new Claim("scope", _developmentScopes)],
            "DevelopmentToken", "sub", ClaimTypes.Role);
        return new ClaimsPrincipal(identity);
    }

    /// <summary>The token's user, or a failure whose message is safe to show the client.</summary>
    public async Task<(ClaimsPrincipal? User, string? Failure)> ValidateAsync(string token, CancellationToken cancellationToken)
    {
        if (Development(token) is { } developer)
        {
            return (developer, null);
        }

        var jwt = jwtOptions.Get(JwtBearerDefaults.AuthenticationScheme);
        var parameters = jwt.TokenValidationParameters.Clone();
        if (jwt.ConfigurationManager is { } metadata)
        {
            // What the JwtBearer handler does with an authority: issuer and keys come from its metadata.
            var configuration = await metadata.GetConfigurationAsync(cancellationToken).ConfigureAwait(false);
            parameters.ValidIssuers = [.. parameters.ValidIssuers ?? [], configuration.Issuer];
            parameters.IssuerSigningKeys = [.. parameters.IssuerSigningKeys ?? [], .. configuration.SigningKeys];
        }

        Exception? failure = null;
        foreach (var handler in jwt.TokenHandlers)
        {
            var result = await handler.ValidateTokenAsync(token, parameters).ConfigureAwait(false);
            if (result.IsValid)
            {
                return (new ClaimsPrincipal(result.ClaimsIdentity), null);
            }
            failure = result.Exception;
        }
        return (null, Describe(failure));
    }

    /// <summary>Why a token was refused, in words that reveal nothing about keys or configuration.</summary>
    public static string Describe(Exception? failure) => failure switch
    {
        SecurityTokenExpiredException => "The bearer token has expired.",
        SecurityTokenNotYetValidException => "The bearer token is not valid yet.",
        SecurityTokenInvalidAudienceException => "The bearer token was not issued for this API.",
        SecurityTokenInvalidIssuerException => "The bearer token comes from an issuer this API does not trust.",
        SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException => "The bearer token's signature is not valid.",
        _ => "The bearer token is not valid.",
    };
}
