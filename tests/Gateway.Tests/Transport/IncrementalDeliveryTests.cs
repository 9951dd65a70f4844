using System.Net;
using System.Text.Json;
using Gateway.Tests.Infrastructure;
using static Gateway.Tests.Infrastructure.Eventually;

namespace Gateway.Tests.Transport;

/// <summary>
/// <c>@defer</c> and <c>@stream</c> through real HTTP, SSE and WebSocket: the payloads of the incremental delivery
/// RFC and of Apollo's 2022 draft, the request's batches shared by the deferred parts, errors where they belong.
/// </summary>
public sealed class IncrementalDeliveryTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    /// <summary>What Apollo Client 4 sends for an operation with @defer.</summary>
    private const string ApolloAccept = "multipart/mixed;deferSpec=20220824,application/graphql-response+json,application/json;q=0.9";

    /// <summary>What Apollo Client 4's GraphQL17Alpha9Handler sends: the current RFC's format, named.</summary>
    private const string CurrentAccept = "multipart/mixed;incrementalSpec=v0.2,application/graphql-response+json,application/json;q=0.9";

    /// <summary>urql's default Accept: multipart/mixed bare, which gets the 2022 draft's format.</summary>
    private const string UrqlAccept = "application/graphql-response+json, application/graphql+json, application/json, text/event-stream, multipart/mixed";

    private static readonly string FiftyIds = string.Join(", ", Enumerable.Range(1, 50).Select(i => $"\"{i}\""));

    private static readonly string DeferredWeather =
        $"{{ customers(ids: [{FiftyIds}]) {{ name ... @defer(label: \"weather\") {{ address {{ location {{ weather {{ temperatureC }} }} }} }} }} }}";

    [Fact]
    public async Task Fifty_deferred_weathers_arrive_after_the_names_and_cost_one_request_per_source()
    {
        await fixture.Demo.ResetAsync();

        using var response = await SendAsync(DeferredWeather, CurrentAccept);
        await using var reader = new MultipartReader(response);
        var parts = await reader.ReadAllAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("multipart/mixed", response.Content.Headers.ContentType!.MediaType);
        Assert.DoesNotContain(response.Content.Headers.ContentType.Parameters, p => p.Name == "deferSpec");
        Assert.Equal(2, parts.Count);
        var initial = parts[0];
        Assert.True(initial.GetProperty("hasNext").GetBoolean());
        var customers = initial.GetProperty("data").GetProperty("customers").EnumerateArray().ToList();
        Assert.Equal(50, customers.Count);
        Assert.All(customers, c => Assert.False(c.TryGetProperty("address", out _)));
        var pending = initial.GetProperty("pending").EnumerateArray().ToList();
        Assert.Equal(Enumerable.Range(0, 50).Select(i => $"customers.{i}"), pending.Select(p => string.Join('.', p.GetProperty("path").EnumerateArray().Select(e => e.ToString()))));
        Assert.All(pending, p => Assert.Equal("weather", p.GetProperty("label").GetString()));

        var subsequent = parts[1];
        Assert.False(subsequent.GetProperty("hasNext").GetBoolean());
        var incremental = subsequent.GetProperty("incremental").EnumerateArray().ToList();
        Assert.Equal(pending.Select(p => p.GetProperty("id").GetString()), incremental.Select(i => i.GetProperty("id").GetString()));
        Assert.All(incremental, i => Assert.Equal(JsonValueKind.Number,
            i.GetProperty("data").GetProperty("address").GetProperty("location").GetProperty("weather").GetProperty("temperatureC").ValueKind));
        Assert.Equal(pending.Select(p => p.GetProperty("id").GetString()), subsequent.GetProperty("completed").EnumerateArray().Select(c => c.GetProperty("id").GetString()));
        // The 50 deferred fragments ran as one round: one maps and one weather request, as without @defer.
        var stats = await fixture.Demo.StatsAsync();
        Assert.Equal((1, 1, 1, 0), (stats.Crm, stats.Maps, stats.Weather, stats.Payments));
    }

    [Theory]
    [InlineData(ApolloAccept)]
    [InlineData(UrqlAccept)]
    [InlineData("*/*")]
    public async Task Apollo_Clients_accept_a_bare_multipart_and_a_wildcard_get_the_2022_format_with_paths_and_labels(string accept)
    {
        using var response = await SendAsync("{ customer(id: \"3\") { name ... on Customer @defer(label: \"contact\") { email tier } } }", accept);
        await using var reader = new MultipartReader(response);
        var parts = await reader.ReadAllAsync();

        Assert.Equal("deferSpec=20220824", response.Content.Headers.ContentType!.Parameters.Single(p => p.Name == "deferSpec").ToString());
        Assert.Equal(2, parts.Count);
        Assert.False(parts[0].TryGetProperty("pending", out _));
        Assert.True(parts[0].GetProperty("hasNext").GetBoolean());
        var entry = Assert.Single(parts[1].GetProperty("incremental").EnumerateArray());
        Assert.Equal(["customer"], entry.GetProperty("path").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("contact", entry.GetProperty("label").GetString());
        Assert.Contains("@", entry.GetProperty("data").GetProperty("email").GetString(), StringComparison.Ordinal);
        Assert.False(parts[1].GetProperty("hasNext").GetBoolean());
        Assert.False(parts[1].TryGetProperty("completed", out _));
    }

    [Fact]
    public async Task The_initial_part_arrives_while_the_deferred_weather_request_is_still_open_and_leaving_cancels_it()
    {
        await fixture.Demo.ResetAsync();
        await fixture.Demo.FaultAsync("weather", timeoutRate: 1.0);
        try
        {
            using var response = await SendAsync(DeferredWeather, CurrentAccept);
            await using var reader = new MultipartReader(response);

            var initial = JsonDocument.Parse((await reader.NextAsync())!).RootElement;
            Assert.Equal(50, initial.GetProperty("data").GetProperty("customers").GetArrayLength());
            Assert.True(initial.GetProperty("hasNext").GetBoolean());
            // The weather request has reached the demo, which holds it open; nothing has come back from it.
            await WaitUntilAsync(async () => (await fixture.Demo.StatsAsync()).Weather == 1);
            Assert.Equal(0, await fixture.Demo.ItemsAsync("weather.aborted"));

            response.Dispose();
            await WaitUntilAsync(async () => await fixture.Demo.ItemsAsync("weather.aborted") == 1);
        }
        finally
        {
            await fixture.Demo.ResetAsync();
        }
    }

    [Fact]
    public async Task The_request_deadline_bounds_the_deferred_parts_too()
    {
        await fixture.Demo.ResetAsync();
        await fixture.Demo.FaultAsync("weather", timeoutRate: 1.0);
        try
        {
            await using var hurried = fixture.StartAnotherGateway(new Dictionary<string, string?> { ["Gateway:RequestTimeout"] = "00:00:01" });
            using var client = hurried.CreateClient();

            using var response = await SendAsync("{ customer(id: \"13\") { name ... @defer { address { location { weather { temperatureC } } } } } }", CurrentAccept, client);
            await using var reader = new MultipartReader(response);
            var parts = await reader.ReadAllAsync();

            // The weather call still hangs at the demo when the deadline (started with the request) runs out.
            var entry = Assert.Single(parts[1].GetProperty("incremental").EnumerateArray());
            Assert.Equal(JsonValueKind.Null, entry.GetProperty("data").GetProperty("address").GetProperty("location").GetProperty("weather").ValueKind);
            Assert.Equal("UPSTREAM_TIMEOUT", GraphQLResponse.Code(Assert.Single(entry.GetProperty("errors").EnumerateArray())));
            Assert.False(parts[1].GetProperty("hasNext").GetBoolean());
        }
        finally
        {
            await fixture.Demo.ResetAsync();
        }
    }

    [Fact]
    public async Task A_streamed_page_of_payments_delivers_two_items_first_and_the_rest_after()
    {
        var whole = await fixture.Client.GraphQLAsync("{ customer(id: \"8\") { payments(first: 6) { nodes { paymentId } } } }");
        var expected = whole.Data.GetProperty("customer").GetProperty("payments").GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("paymentId").GetString()).ToList();

        using var response = await SendAsync("{ customer(id: \"8\") { payments(first: 6) { nodes @stream(initialCount: 2, label: \"more\") { paymentId } } } }", CurrentAccept);
        await using var reader = new MultipartReader(response);
        var parts = await reader.ReadAllAsync();

        Assert.True(expected.Count > 2);
        var first = parts[0].GetProperty("data").GetProperty("customer").GetProperty("payments").GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("paymentId").GetString());
        Assert.Equal(expected.Take(2), first);
        var pending = Assert.Single(parts[0].GetProperty("pending").EnumerateArray());
        Assert.Equal(["customer", "payments", "nodes"], pending.GetProperty("path").EnumerateArray().Select(e => e.GetString()));
        var items = Assert.Single(parts[1].GetProperty("incremental").EnumerateArray());
        Assert.Equal(pending.GetProperty("id").GetString(), items.GetProperty("id").GetString());
        Assert.Equal(expected.Skip(2), items.GetProperty("items").EnumerateArray().Select(n => n.GetProperty("paymentId").GetString()));
    }

    [Fact]
    public async Task Streamed_items_in_the_2022_format_name_the_index_they_start_at()
    {
        using var response = await SendAsync("{ customer(id: \"8\") { payments(first: 6) { nodes @stream(initialCount: 1) { paymentId } } } }", ApolloAccept);
        await using var reader = new MultipartReader(response);
        var parts = await reader.ReadAllAsync();

        var entry = Assert.Single(parts[1].GetProperty("incremental").EnumerateArray());
        Assert.Equal("customer.payments.nodes.1", string.Join('.', entry.GetProperty("path").EnumerateArray().Select(e => e.ToString())));
        Assert.True(entry.GetProperty("items").GetArrayLength() > 0);
    }

    [Fact]
    public async Task Defer_if_false_and_a_json_only_client_get_the_whole_answer_at_once()
    {
        const string plain = "{ customer(id: \"4\") { name email } }";
        var expected = (await fixture.Client.GraphQLAsync(plain)).Data.GetRawText();

        using var notDeferred = await SendAsync("{ customer(id: \"4\") { name ... @defer(if: false) { email } } }", CurrentAccept);
        await using var reader = new MultipartReader(notDeferred);
        var parts = await reader.ReadAllAsync();
        var json = await fixture.Client.GraphQLAsync("{ customer(id: \"4\") { name ... @defer { email } } }");

        var only = Assert.Single(parts);
        Assert.False(only.GetProperty("hasNext").GetBoolean());
        Assert.Equal(expected, only.GetProperty("data").GetRawText());
        Assert.Equal("application/graphql-response+json", json.ContentType?.Split(';')[0]);
        Assert.Equal(expected, json.Data.GetRawText());
    }

    [Fact]
    public async Task An_upstream_error_inside_a_deferred_fragment_is_reported_with_that_fragment()
    {
        await fixture.Demo.ResetAsync();
        await fixture.Demo.FaultAsync("weather", errorRate: 1.0);
        try
        {
            using var response = await SendAsync("{ customers(ids: [\"5\", \"6\"]) { name ... @defer { address { city location { weather { temperatureC } } } } } }", CurrentAccept);
            await using var reader = new MultipartReader(response);
            var parts = await reader.ReadAllAsync();

            Assert.False(parts[0].TryGetProperty("errors", out _));
            var incremental = parts[1].GetProperty("incremental").EnumerateArray().ToList();
            Assert.Equal(2, incremental.Count);
            for (var i = 0; i < 2; i++)
            {
                var data = incremental[i].GetProperty("data").GetProperty("address");
                Assert.False(string.IsNullOrEmpty(data.GetProperty("city").GetString()));
                Assert.Equal(JsonValueKind.Null, data.GetProperty("location").GetProperty("weather").ValueKind);
                var error = Assert.Single(incremental[i].GetProperty("errors").EnumerateArray());
                Assert.Equal($"customers.{i}.address.location.weather", string.Join('.', error.GetProperty("path").EnumerateArray().Select(e => e.ToString())));
                Assert.StartsWith("UPSTREAM", GraphQLResponse.Code(error), StringComparison.Ordinal);
            }
            // Only nullable fields failed, so both fragments completed.
            Assert.Equal(2, parts[1].GetProperty("completed").EnumerateArray().Count(c => !c.TryGetProperty("errors", out _)));
        }
        finally
        {
            await fixture.Demo.ResetAsync();
        }
    }

    [Fact]
    public async Task A_later_payload_reports_no_more_errors_than_the_limit_allows()
    {
        await fixture.Demo.ResetAsync();
        await fixture.Demo.FaultAsync("weather", errorRate: 1.0);
        try
        {
            await using var strict = fixture.StartAnotherGateway(new Dictionary<string, string?> { ["Gateway:Limits:MaxErrors"] = "3" });
            using var client = strict.CreateClient();

            using var response = await SendAsync("{ customers(ids: [\"1\", \"2\", \"3\", \"4\", \"5\"]) { name ... @defer { address { location { weather { temperatureC } } } } } }", CurrentAccept, client);
            await using var reader = new MultipartReader(response);
            var parts = await reader.ReadAllAsync();

            var errors = parts[1].GetProperty("incremental").EnumerateArray()
                .SelectMany(entry => entry.TryGetProperty("errors", out var own) ? own.EnumerateArray() : Enumerable.Empty<JsonElement>()).ToList();
            Assert.Equal(4, errors.Count);
            Assert.Equal("TOO_MANY_ERRORS", GraphQLResponse.Code(errors[^1]));
            Assert.StartsWith("2 more errors", errors[^1].GetProperty("message").GetString(), StringComparison.Ordinal);
            Assert.Equal(5, parts[1].GetProperty("incremental").GetArrayLength());
        }
        finally
        {
            await fixture.Demo.ResetAsync();
        }
    }

    [Fact]
    public async Task A_fragment_deferred_under_an_object_that_is_null_is_never_announced()
    {
        using var response = await SendAsync("{ customer(id: \"424242\") { name ... @defer { email } } }", CurrentAccept);
        await using var reader = new MultipartReader(response);
        var parts = await reader.ReadAllAsync();

        var only = Assert.Single(parts);
        Assert.Equal(JsonValueKind.Null, only.GetProperty("data").GetProperty("customer").ValueKind);
        Assert.Equal("NOT_FOUND", GraphQLResponse.Code(Assert.Single(only.GetProperty("errors").EnumerateArray())));
        Assert.False(only.TryGetProperty("pending", out _));
        Assert.False(only.GetProperty("hasNext").GetBoolean());
    }

    [Fact]
    public async Task Nested_deferred_fragments_are_announced_by_the_payload_that_delivers_their_parent()
    {
        using var response = await SendAsync(
            "{ customer(id: \"9\") { name ... @defer(label: \"outer\") { address { city ... @defer(label: \"inner\") { postalCode } } } } }", CurrentAccept);
        await using var reader = new MultipartReader(response);
        var parts = await reader.ReadAllAsync();

        Assert.Equal(3, parts.Count);
        Assert.Equal(["outer"], parts[0].GetProperty("pending").EnumerateArray().Select(p => p.GetProperty("label").GetString()));
        var inner = Assert.Single(parts[1].GetProperty("pending").EnumerateArray());
        Assert.Equal(("inner", "customer.address"), (inner.GetProperty("label").GetString(), string.Join('.', inner.GetProperty("path").EnumerateArray().Select(e => e.ToString()))));
        Assert.True(parts[1].GetProperty("hasNext").GetBoolean());
        var last = Assert.Single(parts[2].GetProperty("incremental").EnumerateArray());
        Assert.Equal(inner.GetProperty("id").GetString(), last.GetProperty("id").GetString());
        Assert.False(string.IsNullOrEmpty(last.GetProperty("data").GetProperty("postalCode").GetString()));
        Assert.False(parts[2].GetProperty("hasNext").GetBoolean());
    }

    [Fact]
    public async Task A_mutation_defers_part_of_its_payload()
    {
        using var response = await SendAsync(
            "mutation { updateCustomerContact(input: { id: \"44\", phone: \"+49 30 4444\" }) { customer { phone ... @defer { payments(first: 1) { nodes { paymentId } } } } } }", CurrentAccept);
        await using var reader = new MultipartReader(response);
        var parts = await reader.ReadAllAsync();

        Assert.Equal("+49 30 4444", parts[0].GetProperty("data").GetProperty("updateCustomerContact").GetProperty("customer").GetProperty("phone").GetString());
        var entry = Assert.Single(parts[1].GetProperty("incremental").EnumerateArray());
        Assert.Equal(1, entry.GetProperty("data").GetProperty("payments").GetProperty("nodes").GetArrayLength());
    }

    [Theory]
    [InlineData("{ a: customer(id: \"1\") { ... @defer(label: \"x\") { name } } b: customer(id: \"2\") { ... @defer(label: \"x\") { name } } }", "The label 'x' is used twice")]
    [InlineData("query ($l: String) { customer(id: \"1\") { ... @defer(label: $l) { name } } }", "label is a string literal")]
    [InlineData("{ customer(id: \"1\") { name @stream } }", "@stream applies to list fields")]
    [InlineData("{ customers(ids: [\"1\"]) @stream(initialCount: -1) { name } }", "cannot be negative")]
    [InlineData("mutation { ... @defer { updateCustomerContact(input: { id: \"1\", phone: \"1\" }) { customer { name } } } }", "@defer cannot be used on the root fields of 'Mutation'")]
    public async Task Misplaced_directives_are_refused_before_anything_runs(string query, string problem)
    {
        await fixture.Demo.ResetAsync();

        using var response = await SendAsync(query, CurrentAccept);
        var body = await GraphQLClientExtensions.ReadAsync(response);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(body.Errors, e => e.GetProperty("message").GetString()!.Contains(problem, StringComparison.Ordinal));
        Assert.Equal(0, (await fixture.Demo.StatsAsync()).Total);
    }

    [Fact]
    public async Task A_subscription_with_defer_is_refused_and_one_with_defer_if_false_runs()
    {
        await using var socket = await GraphQLWebSocketClient.ConnectAndInitAsync(fixture.Gateway.Address, TestTokens.Default);

        await socket.SubscribeAsync("1", "subscription { customerUpdated(id: \"1\") { name ... @defer { email } } }");
        var refused = await socket.ReceiveAsync();
        var bus = (Gateway.Sources.Common.Events.InMemoryEventBus)Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions
            .GetRequiredService<Gateway.Sources.Common.Events.IEventBus>(fixture.Gateway.Services);
        await socket.SubscribeAsync("2", "subscription { customerUpdated(id: \"45\") { phone ... @defer(if: false) { email } } }");
        await WaitUntil(() => bus.ActiveChannels >= 1);
        await fixture.Client.GraphQLAsync("mutation { updateCustomerContact(input: { id: \"45\", phone: \"+49 30 4545\" }) { customer { crmId } } }");
        var next = await socket.ReceiveAsync();

        Assert.Equal(("error", "1"), (refused.GetProperty("type").GetString(), refused.GetProperty("id").GetString()));
        Assert.Contains("cannot be used in a subscription", refused.GetProperty("payload")[0].GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(("next", "2"), (next.GetProperty("type").GetString(), next.GetProperty("id").GetString()));
        var updated = next.GetProperty("payload").GetProperty("data").GetProperty("customerUpdated");
        Assert.Equal("+49 30 4545", updated.GetProperty("phone").GetString());
        Assert.Contains("@", updated.GetProperty("email").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_cost_limit_counts_the_deferred_parts()
    {
        await fixture.Demo.ResetAsync();
        await using var strict = fixture.StartAnotherGateway(new Dictionary<string, string?> { ["Gateway:Limits:MaxCost"] = "60" });
        using var client = strict.CreateClient();

        var plain = await client.GraphQLAsync($"{{ customers(ids: [{FiftyIds}]) {{ name }} }}");
        using var response = await SendAsync(DeferredWeather, CurrentAccept, client);
        var refused = await GraphQLClientExtensions.ReadAsync(response);

        Assert.False(plain.HasErrors, string.Join("; ", plain.Errors));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(refused.Errors, e => GraphQLResponse.Code(e).Contains("COST", StringComparison.Ordinal));
        Assert.Equal(1, (await fixture.Demo.StatsAsync()).Total);
    }

    [Fact]
    public async Task The_same_deferred_query_yields_the_same_payloads_over_multipart_sse_and_websocket()
    {
        const string query = "{ customers(ids: [\"11\", \"12\"]) { name ... @defer(label: \"d\") { email tier } payments(first: 4) { nodes @stream(initialCount: 1) { paymentId } } } }";

        using var multipart = await SendAsync(query, CurrentAccept);
        await using var reader = new MultipartReader(multipart);
        var overMultipart = (await reader.ReadAllAsync()).Select(p => p.GetRawText()).ToList();

        using var sse = await SendAsync(query, "text/event-stream");
        using var events = await ServerSentEventReader.OfAsync(sse, TimeSpan.FromSeconds(15));
        var overSse = new List<string>();
        for (var next = await events.NextAsync(); next.Event == "next"; next = await events.NextAsync())
        {
            overSse.Add(JsonDocument.Parse(next.Data).RootElement.GetRawText());
        }

        await using var socket = await GraphQLWebSocketClient.ConnectAndInitAsync(fixture.Gateway.Address, TestTokens.Default);
        await socket.SubscribeAsync("1", query);
        var overWebSocket = new List<string>();
        for (var message = await socket.ReceiveAsync(); message.GetProperty("type").GetString() == "next"; message = await socket.ReceiveAsync())
        {
            overWebSocket.Add(message.GetProperty("payload").GetRawText());
        }

        Assert.Equal(2, overMultipart.Count);
        Assert.Equal(overMultipart, overSse);
        Assert.Equal(overMultipart, overWebSocket);
    }

    private Task<HttpResponseMessage> SendAsync(string query, string accept, HttpClient? client = null) =>
        (client ?? fixture.Client).PostForStreamAsync(query, accept);
}
