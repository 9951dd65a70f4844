using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using System.Security.Cryptography;
using Gateway.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using static Gateway.Tests.Infrastructure.GraphQLWebSocketClient;

namespace Gateway.Tests.Security;

/// <summary>
/// A minimal OpenID Connect issuer on loopback: a discovery document and a JWKS with one RSA key. The gateway is
/// configured with its Authority only, so issuer and signing keys come from the metadata.
/// </summary>
public sealed class AuthorityFixture : GatewayFixture
{
    private WebApplication? _issuer;

    public RSA Key { get; } = RSA.Create(2048);

    public string Issuer { get; private set; } = "";

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
    {
        ["Gateway:Auth:Authority"] = Issuer,
        ["Gateway:Auth:RequireHttpsMetadata"] = "false",
        ["Gateway:Auth:Issuer"] = null,
        ["Gateway:Auth:SigningKey"] = null,
    };

    protected override async Task BeforeStartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _issuer = builder.Build();
        var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(Key.ExportParameters(false)) { KeyId = "test-key" });
        _issuer.MapGet("/.well-known/openid-configuration", (HttpContext context) => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = Issuer,
            ["jwks_uri"] = Issuer + "/jwks",
            ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
        }));
        _issuer.MapGet("/jwks", () => Results.Json(new { keys = new[] { new { kty = jwk.Kty, kid = jwk.Kid, use = "sig", alg = "RS256", n = jwk.N, e = jwk.E } } }));
        await _issuer.StartAsync();
        Issuer = _issuer.Urls.First();
    }

    protected override async Task AfterStopAsync()
    {
        if (_issuer is not null)
        {
            await _issuer.DisposeAsync();
        }
        Key.Dispose();
    }

    public string Token(RSA key, string scopes = "payments:read", string? issuer = null) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = issuer ?? Issuer,
        Audience = TestTokens.Audience,
        Subject = new ClaimsIdentity([new Claim("sub", "oidc-user"), new Claim("scope", scopes)]),
        Expires = DateTime.UtcNow.AddMinutes(10),
        SigningCredentials = new SigningCredentials(new RsaSecurityKey(key) { KeyId = "test-key" }, SecurityAlgorithms.RsaSha256),
    });
}

/// <summary>Tokens from an OpenID Connect authority, validated with the keys its metadata publishes.</summary>
public sealed class AuthorityTests(AuthorityFixture fixture) : IClassFixture<AuthorityFixture>
{
    private const string Query = "{ payment(id: \"pay_000101\") { paymentId } }";

    [Fact]
    public async Task A_token_signed_with_the_authoritys_published_key_is_accepted()
    {
        var response = await SendAsync(fixture.Token(fixture.Key));

        Assert.False(response.HasErrors, string.Join("; ", response.Errors));
        Assert.Equal("pay_000101", response.Data.GetProperty("payment").GetProperty("paymentId").GetString());
    }

    [Fact]
    public async Task A_token_signed_with_another_key_or_naming_another_issuer_is_refused()
    {
        using var other = RSA.Create(2048);

        var forged = await SendAsync(fixture.Token(other));
        var wrongIssuer = await SendAsync(fixture.Token(fixture.Key, issuer: "https://elsewhere.test"));

        Assert.Equal(HttpStatusCode.Unauthorized, forged.Status);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongIssuer.Status);
    }

    [Fact]
    public async Task WebSocket_connection_init_tokens_are_validated_with_the_authoritys_keys()
    {
        using var other = RSA.Create(2048);
        await using var valid = await ConnectAndInitAsync(fixture.Gateway.Address, fixture.Token(fixture.Key));
        await using var forged = await ConnectAsync(fixture.Gateway.Address);

        await valid.SubscribeAsync("1", Query);
        var next = await valid.ReceiveAsync();
        await forged.SendAsync(new { type = "connection_init", payload = new { Authorization = "Bearer " + fixture.Token(other) } });
        var closed = await forged.ReceiveOrCloseAsync(TimeSpan.FromSeconds(10));

        Assert.Equal("pay_000101", next.GetProperty("payload").GetProperty("data").GetProperty("payment").GetProperty("paymentId").GetString());
        Assert.Null(closed);
        Assert.Equal((System.Net.WebSockets.WebSocketCloseStatus)4403, forged.CloseStatus);
    }

    private async Task<GraphQLResponse> SendAsync(string token)
    {
        using var client = fixture.Gateway.CreateAnonymousClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await client.GraphQLAsync(Query);
    }
}
