using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Gateway.Tests.Infrastructure;
using static Gateway.Tests.Infrastructure.GraphQLWebSocketClient;

namespace Gateway.Tests.Security;

/// <summary>Automatic persisted queries and documentId on the default gateway (in-memory store, registration on).</summary>
public sealed class PersistedOperationsTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task An_unknown_hash_is_not_found_then_the_document_registers_and_the_hash_alone_runs_it()
    {
        var query = "{ customer(id: \"21\") { name } } # apq " + Guid.NewGuid();
        var hash = Sha256(query);
        await fixture.Demo.ResetAsync();

        var unknown = await PostAsync(fixture.Client, new { extensions = Apq(hash) });
        var upstreamCallsForUnknown = (await fixture.Demo.StatsAsync()).Total;
        var registered = await PostAsync(fixture.Client, new { query, extensions = Apq(hash) });
        var byHash = await PostAsync(fixture.Client, new { extensions = Apq(hash) });
        var byDocumentId = await PostAsync(fixture.Client, new { documentId = "sha256:" + hash });

        Assert.Equal(HttpStatusCode.BadRequest, unknown.Status);
        Assert.Equal("PERSISTED_QUERY_NOT_FOUND", GraphQLResponse.Code(unknown.Errors.Single()));
        Assert.Equal("PersistedQueryNotFound", unknown.Errors.Single().GetProperty("message").GetString());
        Assert.Equal(0, upstreamCallsForUnknown);
        var name = registered.Data.GetProperty("customer").GetProperty("name").GetString();
        Assert.NotNull(name);
        Assert.Equal(name, byHash.Data.GetProperty("customer").GetProperty("name").GetString());
        Assert.Equal(name, byDocumentId.Data.GetProperty("customer").GetProperty("name").GetString());
    }

    [Fact]
    public async Task A_document_sent_with_another_documents_hash_is_refused()
    {
        var response = await PostAsync(fixture.Client, new { query = "{ __typename }", extensions = Apq(Sha256("{ other }")) });

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("PERSISTED_QUERY_HASH_MISMATCH", GraphQLResponse.Code(response.Errors.Single()));
    }

    [Theory]
    [InlineData("{\"documentId\":\"sha256:xyz\"}")]
    [InlineData("{\"documentId\":\"md5:0cc175b9c0f1b6a831c399e269772661\"}")]
    [InlineData("{\"extensions\":{\"persistedQuery\":{\"version\":2,\"sha256Hash\":\"00\"}}}")]
    [InlineData("{\"extensions\":{\"persistedQuery\":\"abc\"}}")]
    public async Task A_malformed_reference_is_a_400(string body)
    {
        using var response = await fixture.Client.PostAsync("/graphql", GraphQLClientExtensions.Json(body));
        var read = await GraphQLClientExtensions.ReadAsync(response);

        Assert.Equal(HttpStatusCode.BadRequest, read.Status);
        Assert.Equal("INVALID_REQUEST", GraphQLResponse.Code(read.Errors.Single()));
    }

    [Fact]
    public async Task A_registered_hash_runs_over_GET()
    {
        const string query = "{ customer(id: \"22\") { crmId } }";
        var hash = Sha256(query);
        await PostAsync(fixture.Client, new { query, extensions = Apq(hash) });

        var extensions = Uri.EscapeDataString(JsonSerializer.Serialize(Apq(hash)));
        var response = await GraphQLClientExtensions.ReadAsync(await fixture.Client.GetAsync($"/graphql?extensions={extensions}"));

        Assert.Equal("22", response.Data.GetProperty("customer").GetProperty("crmId").GetString());
    }

    internal static object Apq(string hash) => new { persistedQuery = new { version = 1, sha256Hash = hash } };

    internal static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    internal static async Task<GraphQLResponse> PostAsync(HttpClient client, object body)
    {
        using var response = await client.PostAsJsonAsync("/graphql", body);
        return await GraphQLClientExtensions.ReadAsync(response);
    }
}

/// <summary>Trusted documents only, from a manifest, with the store in a real redis-server.</summary>
public sealed class TrustedDocumentsFixture : GatewayFixture
{
    public const string Trusted = "query Trusted($id: ID!) { customer(id: $id) { name } }";
    private readonly string _manifest = Path.Combine(Path.GetTempPath(), $"gateway-manifest-{Guid.NewGuid():N}.json");

    protected override bool UsesRedis => true;

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
    {
        ["Gateway:PersistedOperations:Only"] = "true",
        ["Gateway:PersistedOperations:Manifest"] = _manifest,
    };

    protected override Task BeforeStartAsync() => File.WriteAllTextAsync(_manifest, JsonSerializer.Serialize(new Dictionary<string, string>
    {
        ["sha256:" + PersistedOperationsTests.Sha256(Trusted)] = Trusted,
    }));

    protected override Task AfterStopAsync()
    {
        File.Delete(_manifest);
        return Task.CompletedTask;
    }
}

public sealed class TrustedDocumentsTests(TrustedDocumentsFixture fixture) : IClassFixture<TrustedDocumentsFixture>
{
    private static readonly string TrustedHash = PersistedOperationsTests.Sha256(TrustedDocumentsFixture.Trusted);

    [Fact]
    public async Task A_manifest_document_runs_by_documentId_and_as_text()
    {
        var byId = await PersistedOperationsTests.PostAsync(fixture.Client, new { documentId = "sha256:" + TrustedHash, variables = new { id = "23" } });
        var asText = await PersistedOperationsTests.PostAsync(fixture.Client, new { query = TrustedDocumentsFixture.Trusted, variables = new { id = "23" } });

        Assert.False(byId.HasErrors, string.Join("; ", byId.Errors));
        Assert.Equal(byId.Data.GetProperty("customer").GetProperty("name").GetString(), asText.Data.GetProperty("customer").GetProperty("name").GetString());
    }

    [Fact]
    public async Task Any_other_document_is_refused_without_upstream_calls_and_cannot_register()
    {
        const string query = "{ customer(id: \"24\") { email } }";
        await fixture.Demo.ResetAsync();

        var asText = await PersistedOperationsTests.PostAsync(fixture.Client, new { query });
        var registering = await PersistedOperationsTests.PostAsync(fixture.Client, new { query, extensions = PersistedOperationsTests.Apq(PersistedOperationsTests.Sha256(query)) });
        var byHashAfterwards = await PersistedOperationsTests.PostAsync(fixture.Client, new { documentId = "sha256:" + PersistedOperationsTests.Sha256(query) });

        Assert.Equal(HttpStatusCode.BadRequest, asText.Status);
        Assert.Equal("PERSISTED_QUERY_NOT_ALLOWED", GraphQLResponse.Code(asText.Errors.Single()));
        Assert.Equal("PERSISTED_QUERY_NOT_ALLOWED", GraphQLResponse.Code(registering.Errors.Single()));
        Assert.Equal("PERSISTED_QUERY_NOT_FOUND", GraphQLResponse.Code(byHashAfterwards.Errors.Single()));
        Assert.Equal(0, (await fixture.Demo.StatsAsync()).Total);
    }

    [Fact]
    public async Task A_document_a_deployment_put_into_Redis_is_trusted()
    {
        const string query = "{ customer(id: \"25\") { company } }";
        await using (var redis = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(fixture.Redis.ConnectionString))
        {
            await redis.GetDatabase().StringSetAsync("gw:v1:pq:" + PersistedOperationsTests.Sha256(query), query);
        }

        var response = await PersistedOperationsTests.PostAsync(fixture.Client, new { documentId = "sha256:" + PersistedOperationsTests.Sha256(query) });

        Assert.False(response.HasErrors, string.Join("; ", response.Errors));
        Assert.NotNull(response.Data.GetProperty("customer").GetProperty("company").GetString());
    }

    [Fact]
    public async Task WebSocket_operations_are_held_to_the_same_rule()
    {
        await using var client = await ConnectAndInitAsync(fixture.Gateway.Address);

        await client.SendAsync(new { id = "1", type = "subscribe", payload = new { query = "{ __typename }" } });
        var refused = await client.ReceiveAsync();
        await client.SendAsync(new { id = "2", type = "subscribe", payload = new { documentId = "sha256:" + TrustedHash, variables = new { id = "26" } } });
        var next = await client.ReceiveAsync();

        Assert.Equal("error", refused.GetProperty("type").GetString());
        Assert.Equal("PERSISTED_QUERY_NOT_ALLOWED", refused.GetProperty("payload")[0].GetProperty("extensions").GetProperty("code").GetString());
        Assert.Equal("next", next.GetProperty("type").GetString());
        Assert.Equal("2", next.GetProperty("id").GetString());
    }
}
