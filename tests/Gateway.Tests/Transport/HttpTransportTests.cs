using System.Net;
using System.Text;
using Gateway.Tests.Infrastructure;
using Gateway.Transport;
using Microsoft.Extensions.DependencyInjection;
using static Gateway.Tests.Infrastructure.GraphQLClientExtensions;

namespace Gateway.Tests.Transport;

/// <summary>GraphQL over HTTP (graphql.github.io/graphql-over-http), rule by rule, through Kestrel.</summary>
public sealed class HttpTransportTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private const string GraphQLResponseJson = "application/graphql-response+json; charset=utf-8";
    private const string Json = "application/json; charset=utf-8";
    private readonly HttpClient _client = fixture.Client;

    [Fact]
    public async Task Post_without_accept_answers_application_json_even_for_a_document_that_fails_validation()
    {
        using var response = await _client.PostAsync("/graphql", Json("""{"query":"{__typename}"}"""));
        using var invalid = await _client.PostAsync("/graphql", Json("""{"query":"{ nothingHere }"}"""));

        // A client that names no media type predates application/graphql-response+json: legacy JSON, 200 throughout.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Json, response.Content.Headers.ContentType!.ToString());
        Assert.Equal("""{"data":{"__typename":"Query"}}""", await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, invalid.StatusCode);
        Assert.Contains("nothingHere", await invalid.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("application/graphql-response+json", GraphQLResponseJson)]
    [InlineData("application/json", Json)]
    [InlineData("*/*", Json)]
    [InlineData("application/*", Json)]
    [InlineData("*/*, application/graphql-response+json", GraphQLResponseJson)]
    [InlineData("application/json, application/graphql-response+json", GraphQLResponseJson)]
    [InlineData("application/json;q=1, application/graphql-response+json;q=0.5", Json)]
    [InlineData("text/html, application/json;q=0.9", Json)]
    public async Task Accept_header_chooses_the_response_media_type(string accept, string expected)
    {
        var response = await _client.GraphQLAsync("{__typename}", accept: accept);

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal(expected, response.ContentType);
        Assert.Equal("Query", response.Data.GetProperty("__typename").GetString());
    }

    [Theory]
    [InlineData("text/html")]
    [InlineData("application/xml")]
    [InlineData("application/graphql-response+json;q=0, application/json;q=0")]
    public async Task Unsatisfiable_accept_is_406(string accept)
    {
        var response = await _client.GraphQLAsync("{__typename}", accept: accept);

        Assert.Equal(HttpStatusCode.NotAcceptable, response.Status);
        Assert.Equal("NOT_ACCEPTABLE", GraphQLResponse.Code(response.Errors[0]));
    }

    [Fact]
    public async Task Get_runs_a_query_from_url_parameters()
    {
        var url = "/graphql?query=" + Uri.EscapeDataString("query Q($id: ID!) { customer(id: $id) { crmId } }")
            + "&variables=" + Uri.EscapeDataString("""{"id":"3"}""") + "&operationName=Q";

        var response = await ReadAsync(await _client.GetAsync(url));

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("3", response.Data.GetProperty("customer").GetProperty("crmId").GetString());
    }

    [Fact]
    public async Task Mutation_over_get_is_405_with_allow_post_and_is_not_executed()
    {
        await fixture.Demo.ResetAsync();
        var url = "/graphql?query=" + Uri.EscapeDataString("mutation { updateCustomerContact(input: {id: \"1\", phone: \"+1 555 0100\"}) { customer { id } } }");

        using var response = await _client.GetAsync(url);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal("POST", response.Content.Headers.Allow.Single());
        Assert.Equal(0, (await fixture.Demo.StatsAsync()).Crm);
    }

    [Fact]
    public async Task Other_methods_are_405_with_the_allowed_ones()
    {
        using var response = await _client.PatchAsync("/graphql", Json("""{"query":"{__typename}"}"""));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal(["DELETE", "GET", "POST", "PUT"], response.Content.Headers.Allow.OrderBy(m => m, StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("{\"query\":")]
    [InlineData("not json at all")]
    [InlineData("[]")]
    [InlineData("\"{__typename}\"")]
    [InlineData("{}")]
    [InlineData("{\"query\":null}")]
    [InlineData("{\"query\":42}")]
    [InlineData("{\"query\":[\"{__typename}\"]}")]
    [InlineData("{\"query\":\"{__typename}\",\"variables\":\"{}\"}")]
    [InlineData("{\"query\":\"{__typename}\",\"variables\":[1]}")]
    [InlineData("{\"query\":\"{__typename}\",\"operationName\":1}")]
    [InlineData("{\"query\":\"{__typename}\",\"extensions\":true}")]
    [InlineData("")]
    public async Task Malformed_requests_are_400_in_both_media_types(string body)
    {
        foreach (var accept in new[] { "application/graphql-response+json", "application/json" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = Json(body) };
            request.Headers.Accept.ParseAdd(accept);
            var response = await ReadAsync(await _client.SendAsync(request));

            Assert.Equal(HttpStatusCode.BadRequest, response.Status);
            Assert.NotEmpty(response.Errors[0].GetProperty("message").GetString()!);
        }
    }

    [Theory]
    [InlineData("{ __typename ", "syntax")]
    [InlineData("{ noSuchField }", "validation")]
    [InlineData("query ($id: ID!) { customer(id: $id) { crmId } }", "missing variable")]
    public async Task Documents_that_fail_before_execution_are_400_with_graphql_response_json_and_200_with_json(string query, string kind)
    {
        Assert.NotEmpty(kind);
        var modern = await _client.GraphQLAsync(query, accept: "application/graphql-response+json");
        var legacy = await _client.GraphQLAsync(query, accept: "application/json");

        Assert.Equal(HttpStatusCode.BadRequest, modern.Status);
        Assert.True(modern.HasErrors);
        Assert.False(modern.Body.TryGetProperty("data", out _));
        Assert.Equal(HttpStatusCode.OK, legacy.Status);
        Assert.True(legacy.HasErrors);
    }

    [Fact]
    public async Task Variable_of_the_wrong_type_is_400()
    {
        var response = await _client.GraphQLAsync("query ($n: Int) { searchCustomers(query: \"\", first: $n) { totalCount } }",
            variables: new { n = "ten" });

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Contains("$n", response.Errors[0].GetProperty("message").GetString());
    }

    [Fact]
    public async Task Field_errors_during_execution_are_200_with_partial_data()
    {
        var response = await _client.GraphQLAsync("{ known: customer(id: \"4\") { crmId } unknown: customer(id: \"987654\") { id } }");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("4", response.Data.GetProperty("known").GetProperty("crmId").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, response.Data.GetProperty("unknown").ValueKind);
        Assert.Equal("NOT_FOUND", GraphQLResponse.Code(response.Errors.Single()));
    }

    [Fact]
    public async Task Operation_name_selects_among_several_operations()
    {
        const string document = "query A { a: __typename } query B { b: __typename }";

        var a = await _client.GraphQLAsync(document, operationName: "A");
        var b = await _client.GraphQLAsync(document, operationName: "B");
        var unknown = await _client.GraphQLAsync(document, operationName: "C");
        var missing = await _client.GraphQLAsync(document);

        Assert.True(a.Data.TryGetProperty("a", out _));
        Assert.False(a.Data.TryGetProperty("b", out _));
        Assert.True(b.Data.TryGetProperty("b", out _));
        Assert.Equal(HttpStatusCode.BadRequest, unknown.Status);
        Assert.Contains("C", unknown.Errors[0].GetProperty("message").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, missing.Status);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("multipart/form-data; boundary=x")]
    [InlineData("application/json; charset=iso-8859-1")]
    [InlineData("application/graphql")]
    public async Task Csrf_prone_and_unknown_content_types_are_415_and_never_executed(string contentType)
    {
        await fixture.Demo.ResetAsync();
        const string mutation = """{"query":"mutation { updateCustomerContact(input: {id: \"2\", phone: \"+1 555 0199\"}) { customer { id } } }"}""";

        using var response = await _client.PostAsync("/graphql", Json(mutation, contentType));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal(0, (await fixture.Demo.StatsAsync()).Crm);
    }

    [Fact]
    public async Task Post_without_content_type_is_415()
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes("""{"query":"{__typename}"}"""));

        using var response = await _client.PostAsync("/graphql", content);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Fact]
    public async Task Body_over_the_limit_is_413_with_or_without_content_length()
    {
        var padding = new string(' ', 1024 * 1024 + 1);
        var body = "{\"query\":\"{__typename}\"" + padding + "}";

        using var declared = await _client.PostAsync("/graphql", Json(body));
        using var chunked = new HttpRequestMessage(HttpMethod.Post, "/graphql")
        {
            Content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(body))),
        };
        chunked.Content.Headers.ContentType = new("application/json");
        chunked.Headers.TransferEncodingChunked = true;
        using var streamed = await _client.SendAsync(chunked);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, declared.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, streamed.StatusCode);
    }

    [Fact]
    public async Task Deeply_nested_json_is_400()
    {
        var nested = new string('[', 5000) + new string(']', 5000);

        using var response = await _client.PostAsync("/graphql", Json("{\"query\":\"{__typename}\",\"variables\":{\"x\":" + nested + "}}"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Invalid_utf8_is_400()
    {
        var bytes = Encoding.UTF8.GetBytes("{\"query\":\"{__typename}\"}").ToList();
        bytes.InsertRange(11, new byte[] { 0xC3, 0x28, 0xFF });
        var content = new ByteArrayContent(bytes.ToArray());
        content.Headers.ContentType = new("application/json");

        using var response = await _client.PostAsync("/graphql", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData("/graphql")]
    [InlineData("/graphql?query=")]
    [InlineData("/graphql?query={__typename}&variables=%7Bnot-json")]
    [InlineData("/graphql?query={__typename}&variables=%5B%5D")]
    [InlineData("/graphql?query={__typename}&query={__typename}")]
    public async Task Bad_get_requests_are_400(string url)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.ParseAdd("application/graphql-response+json");

        using var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Parsed_documents_are_cached_by_query_text()
    {
        var cache = fixture.Gateway.Services.GetRequiredService<DocumentCache>();
        var query = "{ cached" + Guid.NewGuid().ToString("N") + ": __typename }";
        var before = cache.Count;

        await _client.GraphQLAsync(query);
        var afterFirst = cache.Count;
        var second = await _client.GraphQLAsync(query);

        Assert.Equal(before + 1, afterFirst);
        Assert.Equal(afterFirst, cache.Count);
        Assert.Equal(HttpStatusCode.OK, second.Status);
    }

    [Fact]
    public async Task No_bad_request_gets_a_500()
    {
        string[] bodies =
        [
            "{\"query\":\"{ customer(id: \\\"-1\\\") { id } }\"}",
            "{\"query\":\"{ customers(ids: []) { id } }\"}",
            "{\"query\":\"{ searchCustomers(query: \\\"\\\", first: 100000) { totalCount } }\"}",
            "{\"query\":\"{ searchCustomers(query: \\\"\\\", after: \\\"!!!\\\") { totalCount } }\"}",
            "{\"query\":\"{ weather(lat: 1e308, lng: 0) { temperatureC } }\"}",
            "{\"query\":\"{ payment(id: \\\"../../etc/passwd\\\") { id } }\"}",
            "{\"query\":\"" + new string('{', 2000) + "\"}",
            "{\"query\":\"{__typename}\",\"variables\":{\"a\":1e400}}",
            "\u0000\u0001",
        ];

        foreach (var body in bodies)
        {
            using var response = await _client.PostAsync("/graphql", Json(body));
            Assert.True((int)response.StatusCode < 500, $"{(int)response.StatusCode} for {body[..Math.Min(60, body.Length)]}");
            var text = await response.Content.ReadAsStringAsync();
            Assert.DoesNotContain("   at ", text);
            Assert.DoesNotContain("127.0.0.1", text);
        }
    }
}
