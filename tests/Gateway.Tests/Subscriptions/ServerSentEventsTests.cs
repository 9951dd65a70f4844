using System.Net;
using System.Text;
using System.Text.Json;
using Gateway.Sources.Common.Events;
using Gateway.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static Gateway.Tests.Infrastructure.Eventually;

namespace Gateway.Tests.Subscriptions;

/// <summary>GraphQL over Server-Sent Events, distinct connections mode.</summary>
public sealed class ServerSentEventsTests(SubscriptionFixture fixture) : IClassFixture<SubscriptionFixture>
{
    [Fact]
    public async Task A_query_streams_one_next_event_then_complete()
    {
        using var response = await SendAsync("{ customer(id: \"15\") { crmId } }");
        var events = await ReadEventsAsync(response, until: "complete");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(["next", "complete"], events.Select(e => e.Event));
        Assert.Equal("15", JsonDocument.Parse(events[0].Data).RootElement.GetProperty("data").GetProperty("customer").GetProperty("crmId").GetString());
    }

    [Fact]
    public async Task A_subscription_streams_events_as_they_happen()
    {
        var bus = (InMemoryEventBus)fixture.Gateway.Services.GetRequiredService<IEventBus>();
        using var response = await SendAsync("subscription { customerUpdated(id: \"16\") { id phone } }");
        await WaitUntil(() => bus.ActiveChannels >= 1);

        await fixture.Client.GraphQLAsync("mutation { updateCustomerContact(input: {id: \"16\", phone: \"+1 555 0116\"}) { customer { id } } }");
        var events = await ReadEventsAsync(response, until: "next");

        Assert.Equal("+1 555 0116", JsonDocument.Parse(events.Single(e => e.Event == "next").Data).RootElement
            .GetProperty("data").GetProperty("customerUpdated").GetProperty("phone").GetString());
    }

    [Fact]
    public async Task A_document_that_fails_validation_streams_its_errors_then_completes_as_graphql_sse_does()
    {
        using var response = await SendAsync("subscription { nothingHere }");
        var events = await ReadEventsAsync(response, until: "complete");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["next", "complete"], events.Select(e => e.Event));
        var error = Assert.Single(JsonDocument.Parse(events[0].Data).RootElement.GetProperty("errors").EnumerateArray());
        Assert.Contains("nothingHere", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_document_that_does_not_parse_is_a_400_not_a_stream()
    {
        using var response = await SendAsync("subscription { ");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/graphql-response+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("SYNTAX_ERROR", await response.Content.ReadAsStringAsync());
    }

    private Task<HttpResponseMessage> SendAsync(string query)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/graphql")
        {
            Content = new StringContent(JsonSerializer.Serialize(new { query }), Encoding.UTF8, "application/json"),
        };
        request.Headers.Accept.ParseAdd("text/event-stream");
        return fixture.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
    }

    /// <summary>Reads events until one of type <paramref name="until"/> arrives.</summary>
    private static async Task<List<(string Event, string Data)>> ReadEventsAsync(HttpResponseMessage response, string until)
    {
        using var reader = await ServerSentEventReader.OfAsync(response, TimeSpan.FromSeconds(15));
        var events = new List<(string Event, string Data)>();
        do
        {
            events.Add(await reader.NextAsync());
        }
        while (events[^1].Event != until);
        return events;
    }
}
