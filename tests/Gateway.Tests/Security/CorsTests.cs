using System.Net;
using System.Net.WebSockets;
using System.Text;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Security;

/// <summary>A production gateway that lets one browser origin in.</summary>
public sealed class CorsFixture : GatewayFixture
{
    public const string AllowedOrigin = "https://app.example.com";
    public const string ForeignOrigin = "https://evil.example.net";

    protected override string Environment => "Production";

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
    {
        ["Gateway:Cors:AllowedOrigins:0"] = AllowedOrigin,
    };
}

public sealed class CorsTests(CorsFixture fixture) : IClassFixture<CorsFixture>
{
    [Fact]
    public async Task A_preflight_from_an_allowed_origin_is_answered_without_running_anything()
    {
        await fixture.Demo.ResetAsync();

        using var response = await PreflightAsync(CorsFixture.AllowedOrigin);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(CorsFixture.AllowedOrigin, Header(response, "Access-Control-Allow-Origin"));
        Assert.Contains("POST", Header(response, "Access-Control-Allow-Methods"), StringComparison.Ordinal);
        Assert.Contains("authorization", Header(response, "Access-Control-Allow-Headers"), StringComparison.OrdinalIgnoreCase);
        Assert.Equal("600", Header(response, "Access-Control-Max-Age"));
        Assert.Equal(0, (await fixture.Demo.StatsAsync()).Total);
    }

    [Fact]
    public async Task A_preflight_from_a_foreign_origin_gets_no_allowance()
    {
        using var response = await PreflightAsync(CorsFixture.ForeignOrigin);

        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Theory]
    [InlineData(CorsFixture.AllowedOrigin, true)]
    [InlineData(CorsFixture.ForeignOrigin, false)]
    public async Task An_actual_request_is_allowed_to_be_read_only_by_an_allowed_origin(string origin, bool readable)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = GraphQLClientExtensions.Json("{\"query\":\"{ __typename }\"}") };
        request.Headers.Add("Origin", origin);

        using var response = await fixture.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(readable, response.Headers.Contains("Access-Control-Allow-Origin"));
        if (readable)
        {
            Assert.Contains("WWW-Authenticate", Header(response, "Access-Control-Expose-Headers"), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_websocket_from_a_foreign_origin_is_refused_before_the_upgrade()
    {
        using var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol("graphql-transport-ws");
        socket.Options.SetRequestHeader("Origin", CorsFixture.ForeignOrigin);

        var refused = await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(WebSocketAddress(), CancellationToken.None));

        Assert.Contains("403", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(CorsFixture.AllowedOrigin)]
    [InlineData(null)]
    public async Task A_websocket_from_an_allowed_origin_or_the_gateways_own_connects(string? origin)
    {
        using var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol("graphql-transport-ws");
        socket.Options.SetRequestHeader("Origin", origin ?? fixture.Gateway.Address.GetLeftPart(UriPartial.Authority));

        await socket.ConnectAsync(WebSocketAddress(), CancellationToken.None);

        Assert.Equal(WebSocketState.Open, socket.State);
    }

    [Theory]
    [InlineData(CorsFixture.ForeignOrigin, HttpStatusCode.Forbidden)]
    [InlineData(CorsFixture.AllowedOrigin, HttpStatusCode.OK)]
    public async Task An_event_stream_opens_only_for_an_allowed_origin(string origin, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql")
        {
            Content = new StringContent("{\"query\":\"{ __typename }\"}", Encoding.UTF8, "application/json"),
        };
        request.Headers.Accept.ParseAdd("text/event-stream");
        request.Headers.Add("Origin", origin);

        using var response = await fixture.Client.SendAsync(request);

        Assert.Equal(expected, response.StatusCode);
        if (expected == HttpStatusCode.Forbidden)
        {
            Assert.Equal("ORIGIN_NOT_ALLOWED", GraphQLResponse.Code((await GraphQLClientExtensions.ReadAsync(response)).Errors.Single()));
        }
    }

    private Task<HttpResponseMessage> PreflightAsync(string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, "/graphql");
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "content-type, authorization");
        return fixture.Gateway.CreateAnonymousClient().SendAsync(request);
    }

    private Uri WebSocketAddress() => new UriBuilder(new Uri(fixture.Gateway.Address, "/graphql")) { Scheme = "ws" }.Uri;

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(", ", values) : "";
}

/// <summary>Development without a list: pages on localhost, any port, may call the gateway; no other origin may.</summary>
public sealed class DevelopmentCorsTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    [Theory]
    [InlineData("http://localhost:3000", true)]
    [InlineData("http://127.0.0.1:5173", true)]
    [InlineData("https://evil.example.net", false)]
    [InlineData("http://localhost.evil.example.net", false)]
    public async Task Localhost_origins_are_allowed_by_default(string origin, bool allowed)
    {
        using var request = new HttpRequestMessage(HttpMethod.Options, "/graphql");
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");

        using var response = await fixture.Client.SendAsync(request);

        Assert.Equal(allowed, response.Headers.Contains("Access-Control-Allow-Origin"));
    }
}
