using System.Net;
using System.Text;
using System.Text.Json;
using Gateway.Sources.Common.Events;
using Gateway.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static Gateway.Tests.Infrastructure.Eventually;

namespace Gateway.Tests.Subscriptions;

/// <summary>
/// Apollo's multipart HTTP subscriptions, as Apollo Client's plain HttpLink asks for them: a <c>multipart/mixed</c>
/// response whose parts are <c>{"payload": …}</c> results and <c>{}</c> heartbeats, closed by the final delimiter.
/// </summary>
public sealed class MultipartSubscriptionTests(SubscriptionFixture fixture) : IClassFixture<SubscriptionFixture>
{
    /// <summary>Apollo Client's Accept for a subscription over HttpLink.</summary>
    private const string ApolloAccept = "multipart/mixed;boundary=\"graphql\";subscriptionSpec=1.0,application/json";

    [Fact]
    public async Task A_payment_is_followed_from_pending_to_settled_in_parts_between_heartbeats()
    {
        using var response = await SendAsync("subscription { paymentStatusChanged(customerId: \"19\") { id status } }", ApolloAccept);
        await using var parts = Parts(response);
        var bus = (InMemoryEventBus)fixture.Gateway.Services.GetRequiredService<IEventBus>();
        await WaitUntil(() => bus.ActiveChannels >= 1);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var type = response.Content.Headers.ContentType!;
        Assert.Equal("multipart/mixed", type.MediaType);
        Assert.Equal("\"graphql\"", type.Parameters.Single(p => p.Name == "boundary").Value);
        Assert.Equal("\"1.0\"", type.Parameters.Single(p => p.Name == "subscriptionSpec").Value);
        // Idle, the stream sends heartbeats (every Gateway:Subscriptions:KeepAliveInterval).
        Assert.Equal("{}", await parts.NextAsync());

        var created = await fixture.Client.GraphQLAsync("mutation { createPayment(input: {customerId: \"19\", amount: 15, currency: \"EUR\"}) { payment { id } } }");
        var results = new List<JsonElement>();
        while (results.Count < 2)
        {
            var part = await parts.NextAsync();
            if (part != "{}")
            {
                results.Add(JsonDocument.Parse(part!).RootElement.GetProperty("payload").GetProperty("data").GetProperty("paymentStatusChanged"));
            }
        }

        var id = created.Data.GetProperty("createPayment").GetProperty("payment").GetProperty("id").GetString();
        Assert.All(results, r => Assert.Equal(id, r.GetProperty("id").GetString()));
        Assert.Equal(["PENDING", "SUCCEEDED"], results.Select(r => r.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task A_query_asked_with_the_multipart_accept_is_answered_as_json()
    {
        using var response = await SendAsync("{ customer(id: \"19\") { crmId } }", ApolloAccept);

        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("19", JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("data").GetProperty("customer").GetProperty("crmId").GetString());
    }

    [Fact]
    public async Task A_subscription_that_fails_validation_is_a_graphql_error_not_a_stream()
    {
        using var response = await SendAsync("subscription { nothingHere }", "multipart/mixed;subscriptionSpec=\"1.0\"");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/graphql-response+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("nothingHere", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Multipart_without_the_subscription_spec_is_not_a_subscription_transport()
    {
        using var response = await SendAsync("subscription { paymentStatusChanged(customerId: \"19\") { id } }", "multipart/mixed, application/json");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("subscriptionSpec", await response.Content.ReadAsStringAsync());
    }

    private Task<HttpResponseMessage> SendAsync(string query, string accept) => fixture.Client.PostForStreamAsync(query, accept);

    private static MultipartReader Parts(HttpResponseMessage response) => new(response);
}
