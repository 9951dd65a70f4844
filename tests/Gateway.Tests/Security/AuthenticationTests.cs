using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.WebSockets;
using Gateway.Tests.Infrastructure;
using static Gateway.Tests.Infrastructure.GraphQLWebSocketClient;

namespace Gateway.Tests.Security;

/// <summary>JWT bearer validation and field scopes, over HTTP, SSE and WebSocket.</summary>
public sealed class AuthenticationTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private const string CustomerWithPayments = "{ customer(id: \"31\") { name payments(first: 2) { nodes { id } } } }";

    [Fact]
    public async Task A_valid_token_with_the_scope_reads_payments()
    {
        var response = await SendAsync(CustomerWithPayments, TestTokens.Create("payments:read"));

        Assert.False(response.HasErrors, string.Join("; ", response.Errors));
        Assert.True(response.Data.GetProperty("customer").GetProperty("payments").GetProperty("nodes").GetArrayLength() > 0);
    }

    public static TheoryData<string, string> RefusedTokens => new()
    {
        { TestTokens.Create(expires: DateTime.UtcNow.AddMinutes(-5)), "expired" },
        { TestTokens.Create(audience: "another-api"), "not issued for this API" },
        { TestTokens.Create(issuer: "https://someone-else.test"), "issuer" },
        { TestTokens.Create(signingKey: "an-attackers-key-of-at-least-32-bytes!"), "signature" },
        { "not-a-jwt", "not valid" },
    };

    [Theory]
    [MemberData(nameof(RefusedTokens))]
    public async Task A_token_that_does_not_validate_is_a_401_without_upstream_calls(string token, string reason)
    {
        await fixture.Demo.ResetAsync();

        var response = await SendAsync(CustomerWithPayments, token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
        var error = response.Errors.Single();
        Assert.Equal("UNAUTHENTICATED", GraphQLResponse.Code(error));
        Assert.Contains(reason, error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("IDX", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, (await fixture.Demo.StatsAsync()).Total);
    }

    [Fact]
    public async Task A_refused_token_gets_a_bearer_challenge()
    {
        using var client = fixture.Gateway.CreateAnonymousClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestTokens.Create(expires: DateTime.UtcNow.AddMinutes(-5)));

        using var response = await client.PostAsJsonAsync("/graphql", new { query = "{ __typename }" });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Fact]
    public async Task Without_a_token_protected_fields_are_null_with_UNAUTHENTICATED_at_their_path_and_the_rest_resolves()
    {
        await fixture.Demo.ResetAsync();

        var response = await SendAsync(CustomerWithPayments, token: null);

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.NotNull(response.Data.GetProperty("customer").GetProperty("name").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, response.Data.GetProperty("customer").GetProperty("payments").ValueKind);
        var error = response.Errors.Single();
        Assert.Equal("UNAUTHENTICATED", GraphQLResponse.Code(error));
        Assert.Equal("customer.payments", response.ErrorPaths.Single());
        Assert.Equal(0, (await fixture.Demo.StatsAsync()).Payments);
    }

    [Theory]
    [InlineData("{ customer(id: \"32\") { payments { nodes { id } } } }", "crm:write", "customer.payments")]
    [InlineData("{ payment(id: \"pay_000101\") { paymentId } }", "crm:write payments:write", "payment")]
    [InlineData("mutation { createPayment(input: { customerId: \"32\", amount: 1, currency: \"EUR\" }) { payment { id } } }", "payments:read crm:write", "createPayment")]
    [InlineData("mutation { refundPayment(input: { paymentId: \"pay_000101\" }) { payment { id } } }", "payments:read", "refundPayment")]
    [InlineData("mutation { updateCustomerContact(input: { id: \"32\", phone: \"+49 30 1\" }) { customer { id } } }", "payments:read payments:write", "updateCustomerContact")]
    public async Task A_token_without_the_fields_scope_is_FORBIDDEN_at_that_path_and_nothing_is_sent_upstream(string query, string scopes, string path)
    {
        await fixture.Demo.ResetAsync();

        var response = await SendAsync(query, TestTokens.Create(scopes));

        var error = response.Errors.Single();
        Assert.Equal("FORBIDDEN", GraphQLResponse.Code(error));
        Assert.Equal(path, response.ErrorPaths.Single());
        var stats = await fixture.Demo.StatsAsync();
        Assert.Equal(0, stats.Payments);
        Assert.Equal(0, stats.Crm - (query.Contains("customer(id", StringComparison.Ordinal) ? 1 : 0));
    }

    [Fact]
    public async Task The_right_scope_runs_a_mutation()
    {
        var response = await SendAsync("mutation { updateCustomerContact(input: { id: \"33\", phone: \"+49 30 1234\" }) { customer { phone } userErrors { code } } }",
            TestTokens.Create("crm:write"));

        Assert.False(response.HasErrors, string.Join("; ", response.Errors));
        Assert.Equal("+49 30 1234", response.Data.GetProperty("updateCustomerContact").GetProperty("customer").GetProperty("phone").GetString());
    }

    [Fact]
    public async Task A_WebSocket_connection_init_with_a_bad_token_closes_with_4403()
    {
        await using var client = await ConnectAsync(fixture.Gateway.Address);

        await client.SendAsync(new { type = "connection_init", payload = new { Authorization = "Bearer " + TestTokens.Create(audience: "another-api") } });
        var message = await client.ReceiveOrCloseAsync(TimeSpan.FromSeconds(10));

        Assert.Null(message);
        Assert.Equal((WebSocketCloseStatus)4403, client.CloseStatus);
    }

    [Fact]
    public async Task A_WebSocket_connection_closes_with_4403_when_its_token_expires()
    {
        await using var client = await ConnectAndInitAsync(fixture.Gateway.Address, TestTokens.Create(expires: DateTime.UtcNow.AddSeconds(2)));
        await client.SubscribeAsync("1", "subscription { customerUpdated(id: \"34\") { id } }");

        var message = await client.ReceiveOrCloseAsync(TimeSpan.FromSeconds(15));

        Assert.Null(message);
        Assert.Equal((WebSocketCloseStatus)4403, client.CloseStatus);
        Assert.Equal("Token expired", client.CloseDescription);
    }

    [Fact]
    public async Task A_WebSocket_subscription_needs_the_scope_of_its_field()
    {
        await using var anonymous = await ConnectAndInitAsync(fixture.Gateway.Address, token: "");
        await using var reader = await ConnectAndInitAsync(fixture.Gateway.Address, TestTokens.Create("crm:write"));
        const string subscription = "subscription { paymentStatusChanged(paymentId: \"pay_000101\") { id } }";

        await anonymous.SubscribeAsync("1", subscription);
        await reader.SubscribeAsync("1", subscription);
        var refusedAnonymous = await anonymous.ReceiveAsync();
        var refusedReader = await reader.ReceiveAsync();

        Assert.Equal("UNAUTHENTICATED", FirstErrorCode(refusedAnonymous));
        Assert.Equal("FORBIDDEN", FirstErrorCode(refusedReader));
    }

    [Fact]
    public async Task A_token_in_connection_init_authenticates_the_connections_operations()
    {
        await using var client = await ConnectAndInitAsync(fixture.Gateway.Address, TestTokens.Create("payments:read"));

        await client.SubscribeAsync("1", "{ payment(id: \"pay_000101\") { paymentId } }");
        var next = await client.ReceiveAsync();

        Assert.Equal("next", next.GetProperty("type").GetString());
        Assert.Equal("pay_000101", next.GetProperty("payload").GetProperty("data").GetProperty("payment").GetProperty("paymentId").GetString());
    }

    [Fact]
    public async Task Server_sent_events_are_authenticated_like_any_request()
    {
        using var client = fixture.Gateway.CreateAnonymousClient();
        using var anonymous = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = JsonContent.Create(new { query = "subscription { paymentStatusChanged { id } }" }) };
        anonymous.Headers.Accept.ParseAdd("text/event-stream");
        using var expired = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = JsonContent.Create(new { query = "subscription { paymentStatusChanged { id } }" }) };
        expired.Headers.Accept.ParseAdd("text/event-stream");
        expired.Headers.Authorization = new AuthenticationHeaderValue("Bearer", TestTokens.Create(expires: DateTime.UtcNow.AddMinutes(-5)));

        using var anonymousResponse = await client.SendAsync(anonymous, HttpCompletionOption.ResponseHeadersRead);
        var anonymousText = await ReadWithTimeoutAsync(anonymousResponse);
        using var expiredResponse = await client.SendAsync(expired);

        Assert.Contains("UNAUTHENTICATED", anonymousText, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, expiredResponse.StatusCode);
    }

    private static async Task<string> ReadWithTimeoutAsync(HttpResponseMessage response)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        return await response.Content.ReadAsStringAsync(timeout.Token);
    }

    private static string? FirstErrorCode(System.Text.Json.JsonElement message)
    {
        var payload = message.GetProperty("payload");
        var errors = payload.ValueKind == System.Text.Json.JsonValueKind.Array ? payload : payload.GetProperty("errors");
        return errors[0].GetProperty("extensions").GetProperty("code").GetString();
    }

    private async Task<GraphQLResponse> SendAsync(string query, string? token)
    {
        using var client = fixture.Gateway.CreateAnonymousClient();
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        return await client.GraphQLAsync(query);
    }
}

/// <summary>The development token: accepted in Development only.</summary>
public sealed class DevelopmentTokenTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    [Theory]
    [InlineData("Development", true)]
    [InlineData("Production", false)]
    public async Task The_development_token_is_honoured_only_in_Development(string environment, bool accepted)
    {
        await using var gateway = new GatewayServer(fixture.Demo, new Dictionary<string, string?> { ["Gateway:Auth:DevelopmentToken"] = "local-dev-token" }, environment);
        using var client = gateway.CreateAnonymousClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "local-dev-token");

        var response = await client.GraphQLAsync("{ payment(id: \"pay_000101\") { paymentId } }");

        if (accepted)
        {
            Assert.Equal("pay_000101", response.Data.GetProperty("payment").GetProperty("paymentId").GetString());
        }
        else
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
        }
    }
}
