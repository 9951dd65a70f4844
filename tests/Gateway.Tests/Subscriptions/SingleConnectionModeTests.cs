using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Subscriptions;

/// <summary>
/// graphql-sse's single connection mode across two instances on one Redis, behind no sticky load balancer: the
/// stream is reserved on one, opened on the other, and operations sent to either come back on it.
/// </summary>
public sealed class SingleConnectionModeTests(RedisSubscriptionFixture fixture) : IClassFixture<RedisSubscriptionFixture>
{
    private const string TokenHeader = "X-GraphQL-Event-Stream-Token";

    [Fact]
    public async Task A_stream_opened_on_one_instance_carries_operations_sent_to_the_other_until_each_is_stopped()
    {
        await using var other = fixture.StartAnotherGateway();
        using var second = other.CreateClient();
        var first = fixture.Client;

        using var reserved = await first.SendAsync(new HttpRequestMessage(HttpMethod.Put, "/graphql"));
        var token = await reserved.Content.ReadAsStringAsync();
        using var stream = await OpenStreamAsync(second, token);
        using var events = await ServerSentEventReader.OfAsync(stream);
        using var conflict = await OpenStreamAsync(first, token);

        using var query = await SendOperationAsync(first, token, "q1", "{ customer(id: \"32\") { crmId } }");
        var (queryNext, queryNextData) = await NextAsync(events);
        var (queryComplete, queryCompleteData) = await NextAsync(events);
        using var subscription = await SendOperationAsync(second, token, "s1", "subscription { weatherChanged(lat: 48.25, lng: 11.5) { temperatureC } }");
        var (weather, weatherData) = await NextAsync(events);
        using var stop = await StopAsync(first, token, "s1");
        // Events of s1 sent before the stop may still arrive; its complete ends it.
        string completed;
        do
        {
            (var name, var data) = await NextAsync(events);
            completed = name == "complete" ? data.GetProperty("id").GetString()! : "";
        }
        while (completed != "s1");

        Assert.Equal(HttpStatusCode.Created, reserved.StatusCode);
        Assert.Equal(HttpStatusCode.OK, stream.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, query.StatusCode);
        Assert.Equal("next", queryNext);
        Assert.Equal("q1", queryNextData.GetProperty("id").GetString());
        Assert.Equal("32", queryNextData.GetProperty("payload").GetProperty("data").GetProperty("customer").GetProperty("crmId").GetString());
        Assert.Equal(("complete", "q1"), (queryComplete, queryCompleteData.GetProperty("id").GetString()));
        Assert.Equal(HttpStatusCode.Accepted, subscription.StatusCode);
        Assert.Equal(("next", "s1"), (weather, weatherData.GetProperty("id").GetString()));
        Assert.Equal(JsonValueKind.Number, weatherData.GetProperty("payload").GetProperty("data").GetProperty("weatherChanged").GetProperty("temperatureC").ValueKind);
        Assert.Equal(HttpStatusCode.OK, stop.StatusCode);
    }

    [Fact]
    public async Task An_unknown_token_an_unopened_stream_a_missing_operation_id_and_a_reused_one_are_refused()
    {
        using var unknown = await SendOperationAsync(fixture.Client, "no-such-token", "x", "{ __typename }");
        using var reserved = await fixture.Client.SendAsync(new HttpRequestMessage(HttpMethod.Put, "/graphql"));
        var token = await reserved.Content.ReadAsStringAsync();
        using var unopened = await SendOperationAsync(fixture.Client, token, "early", "{ __typename }");
        using var stream = await OpenStreamAsync(fixture.Client, token);
        using var missing = await SendOperationAsync(fixture.Client, token, null, "{ __typename }");
        using var subscription = await SendOperationAsync(fixture.Client, token, "dup", "subscription { weatherChanged(lat: 1.25, lng: 2.5) { temperatureC } }");
        using var reused = await SendOperationAsync(fixture.Client, token, "dup", "{ __typename }");

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, unopened.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, subscription.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, reused.StatusCode);
        using var stop = await StopAsync(fixture.Client, token, "dup");
        Assert.Equal(HttpStatusCode.OK, stop.StatusCode);
    }

    /// <summary>Opens the reserved stream (answered as soon as its headers are).</summary>
    private static Task<HttpResponseMessage> OpenStreamAsync(HttpClient client, string token)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/graphql");
        request.Headers.Add(TokenHeader, token);
        request.Headers.Accept.ParseAdd("text/event-stream");
        return client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
    }

    private static Task<HttpResponseMessage> StopAsync(HttpClient client, string token, string id)
    {
        var request = new HttpRequestMessage(HttpMethod.Delete, "/graphql?operationId=" + Uri.EscapeDataString(id));
        request.Headers.Add(TokenHeader, token);
        return client.SendAsync(request);
    }

    private static Task<HttpResponseMessage> SendOperationAsync(HttpClient client, string token, string? id, string query)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/graphql")
        {
            Content = new StringContent(JsonSerializer.Serialize(new { query, extensions = id is null ? null : new { operationId = id } }), Encoding.UTF8, "application/json"),
        };
        request.Headers.Add(TokenHeader, token);
        request.Headers.Accept.ParseAdd("application/json");
        return client.SendAsync(request);
    }

    /// <summary>The next event of the stream, its data as JSON.</summary>
    private static async Task<(string Event, JsonElement Data)> NextAsync(ServerSentEventReader events)
    {
        var (name, data) = await events.NextAsync();
        return (name, JsonDocument.Parse(data.Length == 0 ? "null" : data).RootElement);
    }
}
