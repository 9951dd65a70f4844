using System.Text.Json;
using System.Text.RegularExpressions;
using Gateway.Sources.Import;
using Gateway.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Gateway.Tests.Import;

/// <summary>
/// Every document of <c>Import/Corpus/openapi</c> (public APIs' documents; SOURCES.md there names each one's origin
/// and licence) imported into one sources folder, and one gateway serving them all, each source's base URL a
/// loopback stub that answers a few of their operations as those services would.
/// </summary>
public sealed class OpenApiCorpusFixture : GatewayFixture
{
    /// <summary>Folders whose document is not the only file there that names paths.</summary>
    private static readonly Dictionary<string, string> Entries = new(StringComparer.Ordinal)
    {
        ["openapinet-31-external-ref"] = "externalRefByJsonPointer.yaml",
    };

    private readonly string _folder = Directory.CreateTempSubdirectory("openapi-corpus-").FullName;
    private WebApplication? _stub;
    private string _stubAddress = "";

    public static string Corpus => Path.Combine(AppContext.BaseDirectory, "Import", "Corpus", "openapi");

    public string Folder => Path.Combine(_folder, "sources");

    /// <summary>Each corpus folder, its source name and the file the import wrote.</summary>
    public List<(string Document, string Source, string File)> Imported { get; } = [];

    public static IEnumerable<string> Documents() => Directory.GetDirectories(Corpus).Order(StringComparer.Ordinal).Select(Path.GetFileName)!;

    public static string EntryOf(string document) =>
        Path.Combine(Corpus, document, Entries.GetValueOrDefault(document) ?? Directory.GetFiles(Path.Combine(Corpus, document))
            .Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".json", StringComparison.Ordinal))
            .Single(f => Regex.IsMatch(File.ReadAllText(f), "^paths:|\"paths\" *:", RegexOptions.Multiline)));

    public static string SourceName(string document) => document.Replace("-", "", StringComparison.Ordinal);

    public static string Prefix(string document) => string.Concat(document.Split('-').Select(w => char.ToUpperInvariant(w[0]) + w[1..]));

    protected override IReadOnlyDictionary<string, string?> Settings
    {
        get
        {
            var settings = new Dictionary<string, string?>(base.Settings) { ["Gateway:SourcesPath"] = Folder };
            foreach (var (document, source, _) in Imported)
            {
                settings[$"Sources:{source}:BaseUrl"] = $"{_stubAddress}{source}/";
            }
            return settings;
        }
    }

    protected override async Task BeforeStartAsync()
    {
        (_stub, var address) = await LoopbackStub.StartAsync(stub =>
        {
            // OpenAPI's own petstore: GET /pets?limit= and GET /pets/{petId} (which the document says answers a list).
            stub.MapGet("/oaipetstore/pets", (int? limit) => Json($$"""[{"id": 1, "name": "Rex", "tag": "dog"}, {"id": 2, "name": "Mia"}]"""));
            stub.MapGet("/oaipetstore/pets/{id}", (string id) => id == "404" ? Results.NotFound() : Json($$"""[{"id": {{id}}, "name": "Rex", "tag": "dog"}]"""));
            // The expanded petstore: GET /pets?tags=&limit=, answering with the tags it was asked for.
            stub.MapGet("/oaipetstoreexpanded/pets", (HttpContext context) =>
                Json(JsonSerializer.Serialize(context.Request.Query["tags"].Select((tag, i) => new { id = i + 1, name = "Pet" + (i + 1), tag }))));
            // Redocly's museum: GET /museum-hours?startDate=&page=&limit=.
            stub.MapGet("/redocmuseum/museum-hours", (string? startDate, int page, int limit) =>
                Json($$"""[{"date": "{{startDate}}", "timeOpen": "09:00", "timeClose": "18:00"}]"""));
            // The USPTO data set API: GET / lists its data sets.
            stub.MapGet("/oaiuspto/", () => Json("""{"total": 1, "apis": [{"apiKey": "oa_citations", "apiVersionNumber": "v1", "apiUrl": "https://developer.uspto.gov/ds-api/oa_citations/v1/fields"}]}"""));
        });
        _stubAddress = address;

        foreach (var document in Documents())
        {
            var error = new StringWriter();
            var exit = await SourcesCommand.RunAsync(
                ["sources", "import", "openapi", EntryOf(document), "--name", SourceName(document), "--prefix", Prefix(document), "--out", Folder],
                TextWriter.Null, error);
            Assert.True(exit == 0, $"{document}: {error}");
            Imported.Add((document, SourceName(document), Path.Combine(Folder, SourceName(document), SourceName(document) + ".graphql")));
        }
    }

    private static IResult Json(string text) => Results.Text(text, "application/json");

    protected override async Task AfterStopAsync()
    {
        if (_stub is not null)
        {
            await _stub.DisposeAsync();
        }
        Directory.Delete(_folder, recursive: true);
    }
}

public sealed class OpenApiCorpusTests(OpenApiCorpusFixture fixture) : IClassFixture<OpenApiCorpusFixture>
{
    [Fact]
    public void The_corpus_holds_at_least_twelve_documents_of_openapi_3_0_and_3_1()
    {
        var versions = OpenApiCorpusFixture.Documents().Select(d => Regex.Match(File.ReadAllText(OpenApiCorpusFixture.EntryOf(d)), "openapi\"?: *\"?(3\\.[01])").Groups[1].Value).ToList();

        Assert.True(versions.Count >= 12, $"{versions.Count} documents");
        Assert.Contains("3.0", versions);
        Assert.Contains("3.1", versions);
    }

    [Fact]
    public async Task The_gateway_serves_every_imported_document_and_each_adds_its_root_fields()
    {
        var response = await fixture.Client.GraphQLAsync("{ __schema { queryType { fields { name } } mutationType { fields { name } } } }");
        var fields = response.Data.GetProperty("__schema").EnumerateObject()
            .SelectMany(root => root.Value.GetProperty("fields").EnumerateArray().Select(f => f.GetProperty("name").GetString()!)).ToList();

        Assert.Equal(OpenApiCorpusFixture.Documents().Count(), fixture.Imported.Count);
        foreach (var (document, _, file) in fixture.Imported.Where(i => !File.ReadAllText(OpenApiCorpusFixture.EntryOf(i.Document)).Contains("paths: {}", StringComparison.Ordinal)))
        {
            var prefix = char.ToLowerInvariant(OpenApiCorpusFixture.Prefix(document)[0]) + OpenApiCorpusFixture.Prefix(document)[1..];
            Assert.True(fields.Any(f => f.StartsWith(prefix, StringComparison.Ordinal)), $"{document}: no root field from {file}");
        }
    }

    [Fact]
    public async Task The_petstore_lists_pets_and_finds_one_by_id()
    {
        var response = await fixture.Client.GraphQLAsync("""
            { oaiPetstoreListPets(limit: 2) { id name tag } oaiPetstoreShowPetById(petId: "7") { id name } missing: oaiPetstoreShowPetById(petId: "404") { id } }
            """);

        Assert.Equal("""[{"id":1,"name":"Rex","tag":"dog"},{"id":2,"name":"Mia","tag":null}]""", response.Data.GetProperty("oaiPetstoreListPets").GetRawText());
        Assert.Equal("""[{"id":7,"name":"Rex"}]""", response.Data.GetProperty("oaiPetstoreShowPetById").GetRawText());
        Assert.Equal("NOT_FOUND", Assert.Single(response.Errors).GetProperty("extensions").GetProperty("code").GetString());
    }

    [Fact]
    public async Task The_expanded_petstore_sends_a_list_argument_as_repeated_query_parameters()
    {
        var response = await fixture.Client.GraphQLAsync("""{ oaiPetstoreExpandedFindPets(tags: ["cat", "dog"]) { id name tag } }""");

        Assert.False(response.HasErrors, response.Body.GetRawText());
        Assert.Equal("""[{"id":1,"name":"Pet1","tag":"cat"},{"id":2,"name":"Pet2","tag":"dog"}]""", response.Data.GetProperty("oaiPetstoreExpandedFindPets").GetRawText());
    }

    [Fact]
    public async Task The_museum_sends_dates_and_the_documents_defaults()
    {
        var response = await fixture.Client.GraphQLAsync("""{ redocMuseumGetMuseumHours(startDate: "2026-12-24") { date timeOpen timeClose } }""");

        Assert.False(response.HasErrors, response.Body.GetRawText());
        Assert.Equal("""[{"date":"2026-12-24","timeOpen":"09:00","timeClose":"18:00"}]""", response.Data.GetProperty("redocMuseumGetMuseumHours").GetRawText());
    }

    [Fact]
    public async Task The_uspto_api_lists_its_data_sets_from_its_root_path()
    {
        var response = await fixture.Client.GraphQLAsync("{ oaiUsptoListDataSets { total apis { apiKey apiVersionNumber } } }");

        Assert.False(response.HasErrors, response.Body.GetRawText());
        Assert.Equal("""{"total":1,"apis":[{"apiKey":"oa_citations","apiVersionNumber":"v1"}]}""", response.Data.GetProperty("oaiUsptoListDataSets").GetRawText());
    }
}
