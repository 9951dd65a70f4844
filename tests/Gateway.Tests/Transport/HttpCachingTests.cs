using System.Net;
using System.Net.Http.Headers;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Transport;

/// <summary>A gateway with its entity cache, whose GET answers carry the freshness of what they were built from.</summary>
public sealed class HttpCachingFixture : GatewayFixture
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings) { ["Gateway:Cache:Enabled"] = "true" };
}

/// <summary>
/// HTTP caching of GET answers: <c>Cache-Control</c> from the entities' freshness (the CRM's customers 5 minutes,
/// the weather 1 minute), <c>private</c> for a caller with a token, <c>no-cache</c> for parts without a cache policy,
/// <c>no-store</c> with errors; an <c>ETag</c>, and <c>304</c> for <c>If-None-Match</c>. Each test asks for
/// customers no other test here asks for, so each finds the cache as it expects.
/// </summary>
public sealed class HttpCachingTests(HttpCachingFixture fixture) : IClassFixture<HttpCachingFixture>
{
    private static string Get(string query) => "/graphql?query=" + Uri.EscapeDataString(query);

    /// <summary>The header as sent (HttpClient's parsed value prints its directives in an order of its own).</summary>
    private static string CacheControl(HttpResponseMessage response) => response.Headers.NonValidated["Cache-Control"].ToString();

    [Fact]
    public async Task A_customer_fetched_now_is_public_for_its_ttl_and_unchanged_it_is_a_304()
    {
        using var anonymous = fixture.Gateway.CreateAnonymousClient();

        using var first = await anonymous.GetAsync(Get("""{ customer(id: "21") { name } }"""));
        using var repeated = new HttpRequestMessage(HttpMethod.Get, Get("""{ customer(id: "21") { name } }"""));
        repeated.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        using var second = await anonymous.SendAsync(repeated);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("public, max-age=300", CacheControl(first));
        Assert.Contains("Accept", first.Headers.Vary);
        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
        Assert.Empty(await second.Content.ReadAsByteArrayAsync());
        Assert.Equal(first.Headers.ETag, second.Headers.ETag);
        // Now a cache hit: what is left of its five minutes.
        Assert.InRange(second.Headers.CacheControl!.MaxAge!.Value.TotalSeconds, 0, 300);
        Assert.True(second.Headers.CacheControl.Public);
    }

    [Fact]
    public async Task The_answer_is_as_fresh_as_its_least_fresh_entity()
    {
        using var anonymous = fixture.Gateway.CreateAnonymousClient();

        using var response = await anonymous.GetAsync(Get("""{ customer(id: "22") { name address { location { weather { temperatureC } } } } }"""));

        Assert.Equal("public, max-age=60", CacheControl(response));
    }

    [Fact]
    public async Task A_caller_with_a_token_gets_a_private_answer()
    {
        using var response = await fixture.Client.GetAsync(Get("""{ customer(id: "23") { name } }"""));

        Assert.Equal("private, max-age=300", CacheControl(response));
    }

    [Fact]
    public async Task A_search_has_no_known_freshness_and_an_error_is_never_stored()
    {
        using var anonymous = fixture.Gateway.CreateAnonymousClient();

        using var search = await anonymous.GetAsync(Get("""{ searchCustomers(query: "a", first: 2) { totalCount } }"""));
        using var failed = await anonymous.GetAsync(Get("""{ customer(id: "99999999") { name } }"""));

        Assert.Equal("no-cache", CacheControl(search));
        Assert.NotNull(search.Headers.ETag);
        Assert.Equal("no-store", CacheControl(failed));
        Assert.Null(failed.Headers.ETag);
    }

    [Fact]
    public async Task A_post_says_nothing_of_caching()
    {
        var response = await fixture.Client.GraphQLAsync("""{ customer(id: "24") { name } }""");

        Assert.False(response.HasErrors);
        using var raw = await fixture.Client.PostAsync("/graphql", GraphQLClientExtensions.Json("""{"query":"{ customer(id: \"24\") { name } }"}"""));
        Assert.Null(raw.Headers.CacheControl);
        Assert.Null(raw.Headers.ETag);
    }
}
