using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Gateway.Tests.Infrastructure;
using Gateway.Tests.Sources;

namespace Gateway.Tests.Telemetry;

/// <summary>A gateway outside Development, with its entity cache, where only a token with the <c>gateway:trace</c> scope gets a trace.</summary>
public sealed class ProductionTraceFixture : GatewayFixture
{
    protected override string Environment => "Production";

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings) { ["Gateway:Cache:Enabled"] = "true" };
}

/// <summary>
/// <c>X-Gateway-Trace: 1</c> adds <c>extensions.trace</c>: the request's DataLoader batches with their keys, chunks
/// and cache outcome, and each upstream call with method, path, status, duration, attempt and breaker state.
/// </summary>
public sealed class RequestTraceTests(ProductionTraceFixture fixture) : IClassFixture<ProductionTraceFixture>
{
    // Customers no other test of this class asks for, so the first query finds the cache empty whatever ran before.
    private static readonly string FiftyIds = string.Join(", ", Enumerable.Range(51, 50).Select(i => $"\"{i}\""));
    private static readonly string Composite = $"{{ customers(ids: [{FiftyIds}]) {{ {BatchingTests.CustomerSelection} }} }}";
    private static readonly string TraceToken = TestTokens.Create(TestTokens.AllScopes + " gateway:trace");

    internal static async Task<JsonElement> PostAsync(HttpClient client, string query, string? token, bool trace = true)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = JsonContent.Create(new { query }) };
        request.Headers.Authorization = token is null ? null : new AuthenticationHeaderValue("Bearer", token);
        if (trace)
        {
            request.Headers.Add("X-Gateway-Trace", "1");
        }
        using var response = await client.SendAsync(request);
        var body = (await GraphQLClientExtensions.ReadAsync(response)).Body;
        Assert.False(body.TryGetProperty("errors", out var errors), errors.ToString());
        return body;
    }

    [Fact]
    public async Task The_fifty_customer_query_lists_its_four_batches_with_their_keys_calls_and_cache_outcomes()
    {
        await fixture.Demo.ResetAsync();

        var cold = (await PostAsync(fixture.Client, Composite, TraceToken)).GetProperty("extensions").GetProperty("trace");
        var warm = (await PostAsync(fixture.Client, Composite, TraceToken)).GetProperty("extensions").GetProperty("trace");

        var batches = cold.GetProperty("batches").EnumerateArray().ToList();
        Assert.Equal(["crm", "maps", "payments", "weather"], batches.Select(b => b.GetProperty("source").GetString()).Order(StringComparer.Ordinal));
        foreach (var batch in batches)
        {
            // 50 customers, 50 addresses, 50 places, 50 payment pages: one chunk, all misses, one call each.
            var source = batch.GetProperty("source").GetString();
            Assert.Equal(50, batch.GetProperty("keyCount").GetInt32());
            Assert.Equal(10, batch.GetProperty("keys").GetArrayLength());
            Assert.Equal("[50]", batch.GetProperty("chunks").GetRawText());
            Assert.Equal("""{"hits":0,"misses":50,"shared":0,"stale":0}""", batch.GetProperty("cache").GetRawText());
            var call = Assert.Single(batch.GetProperty("calls").EnumerateArray());
            Assert.Equal(source, call.GetProperty("source").GetString());
            Assert.Equal("POST", call.GetProperty("method").GetString());
            Assert.StartsWith($"/{source}/", call.GetProperty("path").GetString(), StringComparison.Ordinal);
            Assert.Equal(200, call.GetProperty("status").GetInt32());
            Assert.Equal(1, call.GetProperty("attempt").GetInt32());
            Assert.Equal("closed", call.GetProperty("breaker").GetString());
            Assert.True(call.GetProperty("durationMs").GetDouble() > 0);
        }
        // The CRM's keys are the ids asked for, as the declarative source keys them (JSON).
        Assert.Equal(Enumerable.Range(51, 10).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            batches.Single(b => b.GetProperty("source").GetString() == "crm").GetProperty("keys").EnumerateArray().Select(k => k.GetString()));
        Assert.Empty(cold.GetProperty("calls").EnumerateArray());
        Assert.DoesNotContain(fixture.Demo.BaseAddress.Authority, cold.GetRawText(), StringComparison.Ordinal);

        // The same query again is answered from the cache: the same four batches, all hits, no calls.
        var again = warm.GetProperty("batches").EnumerateArray().ToList();
        Assert.Equal(4, again.Count);
        Assert.All(again, batch =>
        {
            Assert.Equal("""{"hits":50,"misses":0,"shared":0,"stale":0}""", batch.GetProperty("cache").GetRawText());
            Assert.Empty(batch.GetProperty("calls").EnumerateArray());
            Assert.Equal("[]", batch.GetProperty("chunks").GetRawText());
        });
    }

    [Fact]
    public async Task Outside_development_the_header_is_ignored_for_a_token_without_the_scope_and_without_a_token()
    {
        var withoutScope = await PostAsync(fixture.Client, """{ customer(id: "1") { name } }""", TestTokens.Default);
        var anonymous = await PostAsync(fixture.Client, """{ customer(id: "1") { name } }""", token: null);
        var notAsked = await PostAsync(fixture.Client, """{ customer(id: "1") { name } }""", TraceToken, trace: false);
        var asked = await PostAsync(fixture.Client, """{ customer(id: "1") { name } }""", TraceToken);

        Assert.False(withoutScope.TryGetProperty("extensions", out _), withoutScope.ToString());
        Assert.False(anonymous.TryGetProperty("extensions", out _), anonymous.ToString());
        Assert.False(notAsked.TryGetProperty("extensions", out _), notAsked.ToString());
        Assert.True(asked.GetProperty("extensions").TryGetProperty("trace", out _));
    }

    [Fact]
    public async Task A_call_outside_a_batch_is_listed_on_its_own()
    {
        var trace = (await PostAsync(fixture.Client, """{ searchCustomers(query: "a", first: 3) { totalCount } }""", TraceToken))
            .GetProperty("extensions").GetProperty("trace");

        Assert.Empty(trace.GetProperty("batches").EnumerateArray());
        var call = Assert.Single(trace.GetProperty("calls").EnumerateArray());
        Assert.Equal("crm", call.GetProperty("source").GetString());
        Assert.Equal(200, call.GetProperty("status").GetInt32());
    }
}

/// <summary>In Development the header is enough: the developer's own gateway.</summary>
public sealed class DevelopmentRequestTraceTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task In_development_any_caller_that_asks_gets_the_trace()
    {
        var body = await RequestTraceTests.PostAsync(fixture.Client, """{ customer(id: "2") { name } }""", TestTokens.Default);

        var batch = Assert.Single(body.GetProperty("extensions").GetProperty("trace").GetProperty("batches").EnumerateArray());
        Assert.Equal("crm", batch.GetProperty("source").GetString());
        Assert.Equal(1, batch.GetProperty("keyCount").GetInt32());
    }
}
