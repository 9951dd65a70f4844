using System.Text.Json;
using System.Text.Json.Nodes;
using Gateway.Sources.Import;
using Gateway.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Gateway.Tests.Import;

/// <summary>
/// <c>Documents/pets.yaml</c> imported and served: a loopback pet service answers what the generated source asks,
/// and remembers the last request it was sent.
/// </summary>
public sealed class PetsFixture : GatewayFixture
{
    private readonly string _folder = Directory.CreateTempSubdirectory("pets-import-").FullName;
    private WebApplication? _stub;

    public string Folder => Path.Combine(_folder, "sources");

    public string Generated { get; private set; } = "";

    /// <summary>The last request the pet service had: method, path and query, the trace header, the body.</summary>
    public (string Line, string? Trace, JsonNode? Body) LastRequest { get; private set; }

    public string StubAddress { get; private set; } = "";

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
    {
        ["Gateway:SourcesPath"] = Folder,
        ["Sources:pets:BaseUrl"] = StubAddress,
    };

    protected override async Task BeforeStartAsync()
    {
        (_stub, var address) = await LoopbackStub.StartAsync(stub =>
        {
            stub.Use(async (context, next) =>
            {
                var body = context.Request.ContentLength > 0 ? await JsonNode.ParseAsync(context.Request.Body) : null;
                LastRequest = ($"{context.Request.Method} {context.Request.Path}{context.Request.QueryString}", context.Request.Headers["X-Trace-Id"].FirstOrDefault(), body);
                context.Items["body"] = body;
                await next(context);
            });
            stub.MapGet("/pets/{id:long}", (long id) => id == 404
                ? Results.NotFound()
                : Results.Text($$"""{"id": {{id}}, "petType": "dog", "name": "Rex", "x-tag": "good", "status": "in-progress", "extra": {"a": [1, 2.50], "b": null}, "born": "2020-01-02", "barks": true}""", "application/json"));
            stub.MapGet("/pets", (HttpContext context) => Results.Text($$"""
                [{"id": 1, "petType": "dog", "name": "Rex", "status": "{{context.Request.Query["status"]}}", "barks": false},
                 {"id": 2, "petType": "cat", "name": null, "status": "sold out", "lives": 9}]
                """, "application/json"));
            stub.MapPost("/pets", (HttpContext context) =>
            {
                var body = (JsonObject)context.Items["body"]!;
                var answer = new JsonObject { ["id"] = 3, ["petType"] = body.ContainsKey("lives") ? "cat" : "dog" };
                foreach (var (name, value) in body)
                {
                    answer[name] = value?.DeepClone();
                }
                return Results.Text(answer.ToJsonString(), "application/json", statusCode: 201);
            });
        });
        StubAddress = address;

        var error = new StringWriter();
        var exit = await SourcesCommand.RunAsync(
            ["sources", "import", "openapi", Path.Combine(AppContext.BaseDirectory, "Import", "Documents", "pets.yaml"), "--name", "pets", "--out", Folder],
            TextWriter.Null, error);
        Assert.True(exit == 0, error.ToString());
        Generated = await File.ReadAllTextAsync(Path.Combine(Folder, "pets", "pets.graphql"));
    }

    protected override async Task AfterStopAsync()
    {
        if (_stub is not null)
        {
            await _stub.DisposeAsync();
        }
        Directory.Delete(_folder, recursive: true);
    }
}

public sealed class OpenApiImportTests(PetsFixture fixture) : IClassFixture<PetsFixture>
{
    [Fact]
    public async Task A_discriminated_union_resolves_each_item_to_the_member_its_discriminator_names()
    {
        var response = await fixture.Client.GraphQLAsync("""
            { listPets(status: IN_PROGRESS) { __typename ... on Dog { id name status barks } ... on Cat { id name status lives } } }
            """);

        Assert.False(response.HasErrors, response.Body.GetRawText());
        Assert.Equal("""[{"__typename":"Dog","id":1,"name":"Rex","status":"IN_PROGRESS","barks":false},{"__typename":"Cat","id":2,"name":null,"status":"SOLD_OUT","lives":9}]""",
            response.Data.GetProperty("listPets").GetRawText());
        // The enum argument went out in the upstream's spelling; the query parameter with its default.
        Assert.Equal("GET /pets?status=in-progress&limit=20", fixture.LastRequest.Line);
    }

    [Fact]
    public async Task An_int64_id_keeps_every_digit_and_renamed_members_free_form_objects_and_dates_are_read()
    {
        var response = await fixture.Client.GraphQLAsync("""
            { getPet(petId: 9007199254740993) { ... on Dog { id xTag status extra born } } }
            """);

        Assert.False(response.HasErrors, response.Body.GetRawText());
        Assert.Equal("""{"id":9007199254740993,"xTag":"good","status":"IN_PROGRESS","extra":{"a":[1,2.50],"b":null},"born":"2020-01-02"}""",
            response.Data.GetProperty("getPet").GetRawText());
        Assert.Equal("GET /pets/9007199254740993", fixture.LastRequest.Line);
    }

    [Fact]
    public async Task A_header_parameter_is_sent_as_that_header()
    {
        var response = await fixture.Client.GraphQLAsync("""{ listPets(xTraceId: "trace-7", limit: 1) { __typename } }""");

        Assert.False(response.HasErrors, response.Body.GetRawText());
        Assert.Equal("trace-7", fixture.LastRequest.Trace);
        Assert.Equal("GET /pets?limit=1", fixture.LastRequest.Line);
    }

    [Fact]
    public async Task A_oneOf_body_sends_the_chosen_member_itself_with_the_upstreams_names_and_spellings()
    {
        var response = await fixture.Client.GraphQLAsync("""
            mutation { createPet(input: { newDog: { name: "Bo", xTag: "new", status: SOLD_OUT } }) { ... on Dog { id name xTag status barks } } }
            """);

        Assert.False(response.HasErrors, response.Body.GetRawText());
        Assert.Equal("""{"name":"Bo","barks":true,"x-tag":"new","status":"sold out"}""", fixture.LastRequest.Body!.ToJsonString());
        Assert.Equal("""{"id":3,"name":"Bo","xTag":"new","status":"SOLD_OUT","barks":true}""", response.Data.GetProperty("createPet").GetRawText());
    }

    [Fact]
    public async Task A_oneOf_body_with_two_members_given_is_refused_before_any_call()
    {
        var before = fixture.LastRequest;

        var response = await fixture.Client.GraphQLAsync("""
            mutation { createPet(input: { newDog: { name: "Bo" }, newCat: { name: "Mia", lives: 7 } }) { __typename } }
            """);

        Assert.NotEmpty(response.Errors);
        Assert.Equal(before, fixture.LastRequest);
    }

    [Fact]
    public async Task An_unknown_pet_is_not_found_at_its_field()
    {
        var response = await fixture.Client.GraphQLAsync("{ getPet(petId: 404) { __typename } }");

        var error = Assert.Single(response.Errors);
        Assert.Equal("NOT_FOUND", error.GetProperty("extensions").GetProperty("code").GetString());
        Assert.Equal(JsonValueKind.Null, response.Data.GetProperty("getPet").ValueKind);
    }

    [Fact]
    public void What_a_source_cannot_call_is_listed_in_the_file_and_deprecations_are_kept()
    {
        Assert.Contains("#   POST /upload: its body is multipart/form-data, not JSON", fixture.Generated, StringComparison.Ordinal);
        Assert.Contains("): Pet @deprecated(reason: \"Deprecated by the upstream.\")", fixture.Generated, StringComparison.Ordinal);
        Assert.Contains("legacyCode: String @deprecated(reason: \"Deprecated by the upstream.\")", fixture.Generated, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_same_document_always_makes_the_same_file()
    {
        var again = await SourcesCommand.GenerateAsync("openapi", Path.Combine(AppContext.BaseDirectory, "Import", "Documents", "pets.yaml"), new ImportOptions("pets"));

        Assert.Equal(fixture.Generated, global::Gateway.Sources.Import.Generated.SourceFileWriter.Write(again));
    }
}
