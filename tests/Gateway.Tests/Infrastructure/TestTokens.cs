using System.Security.Claims;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Gateway.Tests.Infrastructure;

/// <summary>JWTs signed with the key every test gateway trusts (Gateway:Auth in <see cref="GatewayServer"/>).</summary>
public static class TestTokens
{
    public const string Issuer = "https://issuer.gateway.test";
    public const string Audience = "gateway-tests";
    public const string SigningKey = "test-signing-key-of-at-least-32-bytes!";
    public const string AllScopes = "payments:read payments:write crm:write";

    /// <summary>A token for <paramref name="subject"/> with <paramref name="scopes"/> (space-separated), valid for an hour unless told.</summary>
    public static string Create(
        string scopes = AllScopes,
        string subject = "test-user",
        DateTime? expires = null,
        string audience = Audience,
        string issuer = Issuer,
        string signingKey = SigningKey)
    {
        var expiry = expires ?? DateTime.UtcNow.AddHours(1);
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Subject = new ClaimsIdentity([new Claim("sub", subject), new Claim("scope", scopes)]),
            NotBefore = expiry.AddHours(-2),
            IssuedAt = expiry.AddHours(-2),
            Expires = expiry,
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(signingKey)), SecurityAlgorithms.HmacSha256),
        });
    }

    /// <summary>The token clients of the test gateways send unless a test says otherwise: every scope.</summary>
    public static string Default { get; } = Create();
}
