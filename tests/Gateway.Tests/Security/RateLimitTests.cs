using System.Net;
using System.Net.Http.Headers;
using Gateway.Security.RateLimiting;
using Gateway.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Gateway.Tests.Security;

/// <summary>A bucket of 3 that refills only after an hour, so the test's own pace cannot matter.</summary>
public class RateLimitFixture : GatewayFixture
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
    {
        ["Gateway:RateLimit:Enabled"] = "true",
        ["Gateway:RateLimit:Burst"] = "3",
        ["Gateway:RateLimit:PermitsPerPeriod"] = "3",
        ["Gateway:RateLimit:Period"] = "01:00:00",
    };
}

/// <summary>The same, behind a trusted proxy on loopback.</summary>
public sealed class TrustedProxyRateLimitFixture : RateLimitFixture
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
    {
        ["Gateway:TrustedProxies:0"] = "127.0.0.0/8",
        ["Gateway:TrustedProxies:1"] = "::1",
    };
}

public sealed class RateLimitTests(RateLimitFixture fixture) : IClassFixture<RateLimitFixture>
{
    private const string Query = "{ customer(id: \"61\") { id } }";

    [Fact]
    public async Task A_client_over_its_budget_gets_429_with_Retry_After_and_no_upstream_call_while_others_continue()
    {
        using var client = ClientFor(TestTokens.Create(subject: "busy-client"));
        using var other = ClientFor(TestTokens.Create(subject: "quiet-client"));
        var allowed = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            allowed.Add((await client.GraphQLAsync(Query)).Status);
        }
        await fixture.Demo.ResetAsync();

        using var refused = await client.PostAsync("/graphql", GraphQLClientExtensions.Json("{\"query\":\"{ customer(id: \\\"61\\\") { id } }\"}"));
        var body = await GraphQLClientExtensions.ReadAsync(refused);
        var upstreamCalls = (await fixture.Demo.StatsAsync()).Total;
        var otherStatus = (await other.GraphQLAsync(Query)).Status;

        Assert.All(allowed, status => Assert.Equal(HttpStatusCode.OK, status));
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        var retryAfter = refused.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value.TotalSeconds, 1, 3600);
        Assert.Equal("RATE_LIMITED", GraphQLResponse.Code(body.Errors.Single()));
        Assert.Equal(0, upstreamCalls);
        Assert.Equal(HttpStatusCode.OK, otherStatus);
    }

    [Fact]
    public async Task Anonymous_clients_are_limited_by_address_and_cannot_pick_another_with_X_Forwarded_For()
    {
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            using var client = ClientFor(token: null);
            client.DefaultRequestHeaders.Add("X-Forwarded-For", $"203.0.113.{i}");
            statuses.Add((await client.GraphQLAsync(Query)).Status);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public void Rate_limiting_is_on_by_default()
    {
        var defaults = new GatewayRateLimitOptions();

        Assert.True(defaults.Enabled);
        Assert.True(fixture.Gateway.Services.GetRequiredService<IOptions<GatewayRateLimitOptions>>().Value.Enabled);
    }

    private HttpClient ClientFor(string? token)
    {
        var client = fixture.Gateway.CreateAnonymousClient();
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        return client;
    }
}

public sealed class TrustedProxyRateLimitTests(TrustedProxyRateLimitFixture fixture) : IClassFixture<TrustedProxyRateLimitFixture>
{
    [Fact]
    public async Task Behind_a_trusted_proxy_each_forwarded_client_address_has_its_own_budget()
    {
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            using var client = fixture.Gateway.CreateAnonymousClient();
            client.DefaultRequestHeaders.Add("X-Forwarded-For", $"203.0.113.{i}");
            statuses.Add((await client.GraphQLAsync("{ __typename }")).Status);
        }

        Assert.All(statuses, status => Assert.Equal(HttpStatusCode.OK, status));
    }
}
