using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Gateway.Tests.Infrastructure;

public static class GraphQLClientExtensions
{
    /// <summary>What the GraphQL over HTTP spec recommends a client send, and the tests send unless told otherwise.</summary>
    public const string RecommendedAccept = "application/graphql-response+json, application/json;q=0.9";

    /// <summary>POSTs a GraphQL request as JSON, with <paramref name="accept"/> (the spec's recommended Accept if null; "" for none), and reads the response.</summary>
    public static async Task<GraphQLResponse> GraphQLAsync(
        this HttpClient client, string query, object? variables = null, string? operationName = null, string? accept = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql")
        {
            Content = JsonContent.Create(new { query, variables, operationName }),
        };
        if ((accept ?? RecommendedAccept) is { Length: > 0 } header)
        {
            request.Headers.Accept.ParseAdd(header);
        }
        using var response = await client.SendAsync(request);
        return await ReadAsync(response);
    }

    /// <summary>POSTs a GraphQL request with <paramref name="accept"/> exactly as given and returns once the headers are in, for reading a stream.</summary>
    public static Task<HttpResponseMessage> PostForStreamAsync(this HttpClient client, string query, string accept)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = JsonContent.Create(new { query }) };
        request.Headers.TryAddWithoutValidation("Accept", accept);
        return client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
    }

    public static async Task<GraphQLResponse> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        var body = string.IsNullOrEmpty(text) ? default : JsonDocument.Parse(text).RootElement.Clone();
        return new GraphQLResponse(response.StatusCode, response.Content.Headers.ContentType?.ToString(), body);
    }

    public static async Task<JsonElement> GetFromJsonElementAsync(this HttpClient client, string url) =>
        JsonDocument.Parse(await client.GetStringAsync(url)).RootElement.Clone();

    public static HttpContent Json(string body, string contentType = "application/json")
    {
        var content = new StringContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return content;
    }
}
