using System.Net;
using System.Text;
using Gateway.Tests.Infrastructure;
using Gateway.Transport.Http;
using GraphQLParser.AST;

namespace Gateway.Tests.Transport;

public sealed class AcceptNegotiationTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    /// <summary>urql 6's default Accept header: the JSON types first, event streams and multipart after them.</summary>
    public const string Urql = "application/graphql-response+json, application/graphql+json, application/json, text/event-stream, multipart/mixed";

    /// <summary>Apollo Client 4's HttpLink default for queries and mutations.</summary>
    public const string Apollo = "application/graphql-response+json,application/json;q=0.9";

    [Theory]
    [InlineData(Urql, OperationType.Query, ResponseFormat.GraphQLResponseJson)]
    [InlineData(Urql, OperationType.Mutation, ResponseFormat.GraphQLResponseJson)]
    [InlineData(Urql, OperationType.Subscription, ResponseFormat.EventStream)]
    [InlineData(Apollo, OperationType.Query, ResponseFormat.GraphQLResponseJson)]
    [InlineData("text/event-stream", OperationType.Query, ResponseFormat.EventStream)]
    [InlineData("text/event-stream, application/json", OperationType.Query, ResponseFormat.EventStream)]
    [InlineData("application/json, text/event-stream", OperationType.Query, ResponseFormat.Json)]
    [InlineData("application/json;q=0.5, text/event-stream", OperationType.Query, ResponseFormat.EventStream)]
    [InlineData("text/event-stream;q=0.9, application/json", OperationType.Query, ResponseFormat.Json)]
    [InlineData("application/json;q=0.9, application/graphql-response+json;q=0.9", OperationType.Query, ResponseFormat.GraphQLResponseJson)]
    [InlineData("application/graphql-response+json;q=0.5, application/json", OperationType.Query, ResponseFormat.Json)]
    [InlineData("*/*", OperationType.Query, ResponseFormat.Json)]
    [InlineData("*/*", OperationType.Subscription, ResponseFormat.Json)]
    [InlineData("application/json, text/event-stream;q=0", OperationType.Subscription, ResponseFormat.Json)]
    public void The_format_follows_quality_then_order_and_the_operation(string accept, OperationType operation, ResponseFormat expected) =>
        Assert.Equal(expected, ResponseFormats.Negotiate([accept])!.Value.For(operation));

    [Theory]
    [InlineData("text/html")]
    [InlineData("application/json;q=0, text/event-stream;q=0")]
    public void Nothing_acceptable_is_406(string accept) => Assert.Null(ResponseFormats.Negotiate([accept]));

    [Fact]
    public async Task A_query_with_urqls_accept_header_is_answered_as_json()
    {
        var response = await fixture.Client.GraphQLAsync("{ customer(id: \"5\") { crmId } }", accept: Urql);

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.StartsWith("application/graphql-response+json", response.ContentType);
        Assert.Equal("5", response.Data.GetProperty("customer").GetProperty("crmId").GetString());
    }

    [Fact]
    public async Task A_subscription_with_urqls_accept_header_is_a_stream()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql")
        {
            Content = new StringContent("{\"query\":\"subscription { weatherChanged(lat: 1.5, lng: 2.5) { temperatureC } }\"}", Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("Accept", Urql);

        using var response = await fixture.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
    }
}
