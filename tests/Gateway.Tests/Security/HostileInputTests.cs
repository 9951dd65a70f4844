using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Gateway.Sources.Common.Errors;
using Gateway.Sources.Common.Resilience;
using Gateway.Sources.Payments.Client;
using Gateway.Sources.Payments.Contracts;
using Gateway.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Polly.CircuitBreaker;

namespace Gateway.Tests.Security;

/// <summary>
/// A production gateway whose payments breaker is as touchy as it gets (2 calls at 50% open it), so any client
/// input counted as an upstream failure would open it; every log entry is kept.
/// </summary>
public sealed class HostileInputFixture : GatewayFixture
{
    public LogCapture Logs { get; } = new();

    protected override string Environment => "Production";

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
    {
        ["Sources:Payments:Resilience:BreakerMinimumThroughput"] = "2",
        ["Sources:Payments:Resilience:BreakerFailureRatio"] = "0.5",
        ["Sources:Payments:Resilience:RetryBaseDelay"] = "00:00:00.005",
    };

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<ILoggerProvider>(Logs);

    public CircuitState PaymentsCircuit =>
        Gateway.Services.GetRequiredService<UpstreamCircuits>().States().GetValueOrDefault("payments", CircuitState.Closed);
}

/// <summary>Regression tests for the findings of the abuse and fault run (issue: hostile input), one per finding.</summary>
public sealed class HostileInputTests(HostileInputFixture fixture) : IClassFixture<HostileInputFixture>
{
    private const string CreatePayment =
        "mutation($key: String) { createPayment(input: {customerId: \"1\", amount: 1.5, currency: \"EUR\", idempotencyKey: $key}) { payment { id } userErrors { code field } } }";

    [Theory]
    [InlineData("ключ-платежа")]
    [InlineData("key\r\nX-Injected: 1")]
    [InlineData("tab\tkey")]
    [InlineData("nul\u0000key")]
    public async Task An_idempotency_key_no_header_can_carry_is_a_user_error_and_never_opens_the_payments_circuit(string key)
    {
        await fixture.Demo.ResetAsync();

        var responses = new List<GraphQLResponse>();
        for (var i = 0; i < 5; i++)
        {
            responses.Add(await fixture.Client.GraphQLAsync(CreatePayment, new { key }));
        }
        var paymentsCalls = (await fixture.Demo.StatsAsync()).Payments;
        var afterwards = await fixture.Client.GraphQLAsync("{ customer(id: \"1\") { payments(first: 1) { nodes { id } } } }");

        Assert.All(responses, response =>
        {
            Assert.False(response.HasErrors, response.Body.ToString());
            var error = response.Data.GetProperty("createPayment").GetProperty("userErrors").EnumerateArray().Single();
            Assert.Equal("INVALID_IDEMPOTENCY_KEY", error.GetProperty("code").GetString());
            Assert.Equal("input,idempotencyKey", string.Join(',', error.GetProperty("field").EnumerateArray().Select(p => p.GetString())));
        });
        Assert.Equal(0, paymentsCalls);
        Assert.False(afterwards.HasErrors, afterwards.Body.ToString());
        Assert.Equal(CircuitState.Closed, fixture.PaymentsCircuit);
    }

    [Fact]
    public async Task A_request_that_cannot_be_written_is_bad_user_input_before_the_pipeline_and_is_neither_retried_nor_counted()
    {
        await fixture.Demo.ResetAsync();
        await using var scope = fixture.Gateway.Services.CreateAsyncScope();
        // The typed client directly, past the mutation's own check: the guard in front of the pipeline must hold alone.
        var client = scope.ServiceProvider.GetRequiredService<PaymentsClient>();

        for (var i = 0; i < 5; i++)
        {
            var error = await Assert.ThrowsAsync<BadUserInputError>(() =>
                client.CreateAsync(new CreatePaymentRequest(1, 150, "EUR"), "ключ", CancellationToken.None));
            Assert.Equal("payments", error.Source);
        }

        Assert.Equal(0, (await fixture.Demo.StatsAsync()).Payments);
        Assert.Equal(CircuitState.Closed, fixture.PaymentsCircuit);
    }

    public static TheoryData<string, string> UnsendableSearches => new()
    {
        { "query($v: String!) { searchCustomers(query: $v) { totalCount } }", "query" },
        { "query($v: String!) { searchCustomers(query: \"\", where: {city: {eq: $v}}) { totalCount } }", "where.city.eq" },
        { "query($v: String!) { searchCustomers(query: \"\", where: {city: {in: [\"Berlin\", $v]}}) { totalCount } }", "where.city.in" },
    };

    [Theory]
    [MemberData(nameof(UnsendableSearches))]
    public async Task Characters_xml_cannot_hold_are_bad_user_input_naming_the_argument(string query, string argument)
    {
        foreach (var value in new[] { "a\u0000b", "a\u0001b", "a\uFFFFb", "a\uFFFEb", "a\u001Fb" })
        {
            await fixture.Demo.ResetAsync();

            var response = await fixture.Client.GraphQLAsync(query, new { v = value });

            var error = response.Errors.Single();
            Assert.Equal("BAD_USER_INPUT", GraphQLResponse.Code(error));
            Assert.Equal(argument, error.GetProperty("extensions").GetProperty("argument").GetString());
            Assert.Equal(0, (await fixture.Demo.StatsAsync()).Crm);
        }
    }

    [Theory]
    [InlineData("email", "INVALID_EMAIL")]
    [InlineData("phone", "INVALID_PHONE")]
    public async Task A_contact_update_with_characters_xml_cannot_hold_is_a_user_error(string field, string code)
    {
        await fixture.Demo.ResetAsync();

        var response = await fixture.Client.GraphQLAsync(
            $"mutation($v: String!) {{ updateCustomerContact(input: {{id: \"3\", {field}: $v}}) {{ customer {{ id }} userErrors {{ code field }} }} }}",
            new { v = "x\u0001@example.com" });

        Assert.False(response.HasErrors, response.Body.ToString());
        var error = response.Data.GetProperty("updateCustomerContact").GetProperty("userErrors").EnumerateArray().Single();
        Assert.Equal(code, error.GetProperty("code").GetString());
        Assert.Equal($"input,{field}", string.Join(',', error.GetProperty("field").EnumerateArray().Select(p => p.GetString())));
        Assert.Equal(0, (await fixture.Demo.StatsAsync()).Crm);
    }

    public static TheoryData<string> BrokenUnicodeBodies => new()
    {
        "{\"query\":\"query($v: String) { __typename }\",\"variables\":{\"v\":\"\\ud800\"}}",
        "{\"query\":\"query($v: String) { __typename }\",\"variables\":{\"v\":\"\\udc00x\"}}",
        "{\"query\":\"{ __typename }\",\"extensions\":{\"e\":\"\\ud800\"}}",
        "{\"query\":\"{ __typename }\",\"variables\":{\"\\ud800\":1}}",
        "{\"query\":\"{ __typename \\ud800 }\"}",
    };

    [Theory]
    [MemberData(nameof(BrokenUnicodeBodies))]
    public async Task An_unpaired_surrogate_escape_in_the_request_is_a_400(string body)
    {
        using var response = await fixture.Client.PostAsync("/graphql", GraphQLClientExtensions.Json(body));

        var read = await GraphQLClientExtensions.ReadAsync(response);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("INVALID_JSON", GraphQLResponse.Code(read.Errors.Single()));
    }

    [Fact]
    public async Task A_refused_request_that_asked_for_an_event_stream_is_answered_as_a_graphql_response()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql")
        {
            Content = GraphQLClientExtensions.Json("{\"query\":\"{ __typename }\",\"variables\":{\"v\":\"\\ud800\"}}"),
        };
        request.Headers.Accept.ParseAdd("text/event-stream");

        using var response = await fixture.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/graphql-response+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("INVALID_JSON", GraphQLResponse.Code((await GraphQLClientExtensions.ReadAsync(response)).Errors.Single()));
    }

    [Theory]
    [InlineData("{\"query\":\"query($v: String) { __typename }\",\"variables\":{\"v\":\"a\",\"v\":\"b\"}}")]
    [InlineData("{\"query\":\"{ __typename }\",\"extensions\":{\"e\":{\"x\":1,\"x\":2}}}")]
    public async Task A_member_name_given_twice_in_variables_or_extensions_is_a_400(string body)
    {
        using var response = await fixture.Client.PostAsync("/graphql", GraphQLClientExtensions.Json(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("INVALID_REQUEST", GraphQLResponse.Code((await GraphQLClientExtensions.ReadAsync(response)).Errors.Single()));
    }

    [Fact]
    public async Task Invalid_utf8_in_variables_is_a_400()
    {
        var body = Encoding.UTF8.GetBytes("{\"query\":\"query($v: String) { __typename }\",\"variables\":{\"v\":\"#\"}}");
        body[Array.IndexOf(body, (byte)'#')] = 0xFF;
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new("application/json");

        using var response = await fixture.Client.PostAsync("/graphql", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("INVALID_JSON", GraphQLResponse.Code((await GraphQLClientExtensions.ReadAsync(response)).Errors.Single()));
    }

    [Theory]
    [InlineData("variables")]
    [InlineData("extensions")]
    public async Task An_unpaired_surrogate_in_get_parameters_is_a_400(string parameter)
    {
        var url = $"/graphql?query={Uri.EscapeDataString("query($v: String) { __typename }")}&{parameter}={Uri.EscapeDataString("{\"v\":\"\\ud800\"}")}";

        using var response = await fixture.Client.GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("INVALID_JSON", GraphQLResponse.Code((await GraphQLClientExtensions.ReadAsync(response)).Errors.Single()));
    }

    [Fact]
    public async Task A_lone_surrogate_escape_in_a_graphql_string_is_a_syntax_error_that_calls_no_upstream()
    {
        await fixture.Demo.ResetAsync();

        var response = await fixture.Client.GraphQLAsync("{ searchCustomers(query: \"a\\ud800b\") { totalCount } }");

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("SYNTAX_ERROR", GraphQLResponse.Code(response.Errors.Single()));
        Assert.Equal(0, (await fixture.Demo.StatsAsync()).Total);
    }

    [Fact]
    public async Task A_syntax_error_after_a_lone_carriage_return_is_a_syntax_error_at_its_line()
    {
        // GraphQL-Parser fails while quoting such a line (found by the fuzzer); CR alone ends a line in GraphQL.
        var response = await fixture.Client.GraphQLAsync("{ searchCustomers(query: \"a\")\r{ totalCount } } }");

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        var error = response.Errors.Single();
        Assert.Equal("SYNTAX_ERROR", GraphQLResponse.Code(error));
        Assert.Equal(2, error.GetProperty("locations")[0].GetProperty("line").GetInt32());
    }

    [Fact]
    public async Task A_document_with_lone_carriage_returns_executes()
    {
        var response = await fixture.Client.GraphQLAsync("{\r  searchCustomers(query: \"a\")\r  { totalCount }\r}");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.True(response.Data.GetProperty("searchCustomers").GetProperty("totalCount").GetInt32() >= 0);
    }

    [Fact]
    public async Task An_unpaired_surrogate_in_a_websocket_subscribe_closes_with_4400()
    {
        await using var socket = await GraphQLWebSocketClient.ConnectAndInitAsync(fixture.Gateway.Address);

        await socket.SendTextAsync("{\"id\":\"1\",\"type\":\"subscribe\",\"payload\":{\"query\":\"query($v: String) { __typename }\",\"variables\":{\"v\":\"\\ud800\"}}}");

        Assert.Equal(4400, await socket.ExpectCloseAsync());
    }

    public static TheoryData<string> DeepDocuments => new()
    {
        "{ customer(id: \"1\") { zqMarker: __typename " + string.Concat(Enumerable.Repeat("a: __type(name: \"x\") { ", 70)) + "name" + new string('}', 70) + " } }",
        "{ searchCustomers(query: \"zqMarker\", where: " + string.Concat(Enumerable.Repeat("{a: ", 70)) + "1" + new string('}', 70) + ") { totalCount } }",
        "{ customers(ids: " + new string('[', 140) + "\"zqMarker\"" + new string(']', 140) + ") { id } }",
    };

    [Theory]
    [MemberData(nameof(DeepDocuments))]
    public async Task A_document_nested_past_the_parser_is_a_400_and_never_logged(string query)
    {
        fixture.Logs.Entries.Clear();

        var response = await fixture.Client.GraphQLAsync(query);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("MAX_DEPTH_EXCEEDED", GraphQLResponse.Code(response.Errors.Single()));
        Assert.DoesNotContain(fixture.Logs.Entries, entry => entry.Level >= LogLevel.Warning);
        Assert.DoesNotContain(fixture.Logs.Entries, entry => (entry.Message + entry.Exception).Contains("zqMarker", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("{ searchCustomers(query: \"\", frist: 3) { totalCount } }", "first")]
    [InlineData("{ searchCustomers(query: \"\") { totlCount } }", "totalCount")]
    [InlineData("{ custmer(id: \"1\") { id } }", "customer")]
    public async Task Production_errors_carry_no_suggestions_whatever_their_punctuation(string query, string suggestion)
    {
        var response = await fixture.Client.GraphQLAsync(query);

        var message = response.Errors.Single().GetProperty("message").GetString()!;
        Assert.DoesNotContain("Did you mean", message, StringComparison.Ordinal);
        Assert.DoesNotContain($"'{suggestion}'", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Errors_are_capped_at_max_errors_with_one_that_counts_the_rest()
    {
        var query = "{ __typename " + string.Concat(Enumerable.Repeat("@zq ", 2400)) + "}";

        using var response = await fixture.Client.PostAsync("/graphql",
            System.Net.Http.Json.JsonContent.Create(new { query }));
        var text = await response.Content.ReadAsStringAsync();

        var errors = JsonDocument.Parse(text).RootElement.GetProperty("errors");
        Assert.Equal(101, errors.GetArrayLength());
        var last = errors[100];
        Assert.Equal("TOO_MANY_ERRORS", GraphQLResponse.Code(last));
        Assert.Matches(@"^\d+ more errors were left out; a response reports at most 100\.$", last.GetProperty("message").GetString());
        // The answer stays within a few times the request, instead of 48 times it.
        Assert.InRange(text.Length, 1, 4 * query.Length);
    }

    [Fact]
    public async Task A_client_that_drops_during_the_4406_close_leaves_no_error_in_the_log()
    {
        fixture.Logs.Entries.Clear();
        var connections = fixture.Gateway.Services.GetRequiredService<Gateway.Transport.WebSockets.WebSocketConnections>();
        var address = new UriBuilder(new Uri(fixture.Gateway.Address, "/graphql")) { Scheme = "ws" }.Uri;

        for (var i = 0; i < 10; i++)
        {
            using var socket = new ClientWebSocket();
            await socket.ConnectAsync(address, CancellationToken.None);
            // No subprotocol: the server closes with 4406 and waits for our close, which never comes.
            socket.Abort();
        }
        await Eventually.WaitUntil(() => connections.Connections == 0);

        Assert.DoesNotContain(fixture.Logs.Entries, entry => entry.Level >= LogLevel.Warning);
    }

    [Fact]
    public async Task An_over_long_get_url_is_a_json_414()
    {
        var url = "/graphql?query=" + Uri.EscapeDataString("{ __typename }") + "&operationName=" + new string('x', 100_000);

        using var response = await fixture.Client.GetAsync(url);

        Assert.Equal(HttpStatusCode.RequestUriTooLong, response.StatusCode);
        Assert.Equal("URI_TOO_LONG", GraphQLResponse.Code((await GraphQLClientExtensions.ReadAsync(response)).Errors.Single()));
    }
}
