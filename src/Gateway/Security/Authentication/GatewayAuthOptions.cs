using System.ComponentModel.DataAnnotations;

namespace Gateway.Security.Authentication;

/// <summary>
/// <c>Gateway:Auth</c>: how bearer tokens (JWT) are validated. Give either <see cref="Authority"/> (an OpenID
/// Connect issuer whose signing keys are fetched from its metadata) or <see cref="SigningKey"/> (a shared HMAC
/// key), plus the <see cref="Audience"/> this gateway accepts. With neither, every token is refused and only
/// fields that need no scope can be used.
/// </summary>
public sealed class GatewayAuthOptions : IValidatableObject
{
    public const string SectionName = "Gateway:Auth";

    /// <summary>OpenID Connect issuer URL; its discovery document supplies the issuer and signing keys.</summary>
    public string? Authority { get; set; }

    /// <summary>Expected <c>iss</c> when <see cref="SigningKey"/> is used (with an authority it comes from its metadata).</summary>
    public string? Issuer { get; set; }

    /// <summary>Expected <c>aud</c>: tokens minted for another API are refused.</summary>
    public string? Audience { get; set; }

    /// <summary>HMAC-SHA256 key (UTF-8 text, at least 32 bytes) for tokens signed with a shared secret.</summary>
    public string? SigningKey { get; set; }

    /// <summary>Whether the authority's metadata must be fetched over HTTPS (leave on outside local development).</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>Tolerated clock difference between the issuer and the gateway when checking expiry.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Development only: this static bearer token is accepted as a user named <c>developer</c> with
    /// <see cref="DevelopmentScopes"/>, so the one-command demo works without an identity provider. Ignored,
    /// with a warning, in any other environment.
    /// </summary>
    public string? DevelopmentToken { get; set; }

    /// <summary>Space-separated scopes of the development token.</summary>
    public string DevelopmentScopes { get; set; } = "payments:read payments:write crm:write";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (SigningKey is { } key && System.Text.Encoding.UTF8.GetByteCount(key) < 32)
        {
            yield return new ValidationResult("Gateway:Auth:SigningKey must be at least 32 bytes.", [nameof(SigningKey)]);
        }
        if (SigningKey is not null && Authority is null && string.IsNullOrEmpty(Issuer))
        {
            yield return new ValidationResult("Gateway:Auth:Issuer is required with a SigningKey.", [nameof(Issuer)]);
        }
        if ((SigningKey is not null || Authority is not null) && string.IsNullOrEmpty(Audience))
        {
            yield return new ValidationResult("Gateway:Auth:Audience is required.", [nameof(Audience)]);
        }
    }
}
