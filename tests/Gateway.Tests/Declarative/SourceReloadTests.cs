using System.Text.Json;
using Gateway.Schema;
using Gateway.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Tests.Declarative;

/// <summary>A gateway in Development watching its own sources folder, with one source over the demo's exchange rates.</summary>
public sealed class SourceReloadFixture : TestSourceFixture
{
    public const string Quotes = """
        type Quote { value: Decimal!  currency: String! }

        extend type Query {
          quote(from: String!, to: String!): Quote
            @connect(
              http: "POST /v1/rates/batch"
              body: "{ pairs: $keys }"
              retrySafe: true
              key: "{ from: $args.from, to: $args.to }"
              items: "results"
              match: "{ from, to }"
              error: "problem"
              select: "{ value: rate, currency: to }"
              entity: "quote"
            )
        }
        """;

    protected override string Source => Quotes;

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
    {
        ["Gateway:ReloadSources"] = "true",
    };
}

public sealed class SourceReloadTests(SourceReloadFixture fixture) : IClassFixture<SourceReloadFixture>
{
    /// <summary>The quotes source with <c>currency</c> renamed to <c>code</c> and an <c>asOf</c> added.</summary>
    private static readonly string Renamed = SourceReloadFixture.Quotes
        .Replace("currency: String!", "code: String!  asOf: DateTime!", StringComparison.Ordinal)
        .Replace("currency: to", "code: to, asOf", StringComparison.Ordinal);

    [Fact]
    public async Task A_changed_file_serves_at_once_and_documents_validated_before_are_validated_again()
    {
        await ReloadAsync(SourceReloadFixture.Quotes, outcome => Serves(outcome, "currency"));
        const string before = "{ quote(from: \"EUR\", to: \"USD\") { value currency } }";
        Assert.Equal("USD", (await fixture.Client.GraphQLAsync(before)).Data.GetProperty("quote").GetProperty("currency").GetString());

        await ReloadAsync(Renamed, outcome => Serves(outcome, "asOf"));

        var after = await fixture.Client.GraphQLAsync("{ quote(from: \"EUR\", to: \"USD\") { value code asOf } }");
        Assert.False(after.HasErrors, string.Join("; ", after.Errors));
        Assert.Equal("USD", after.Data.GetProperty("quote").GetProperty("code").GetString());
        Assert.Equal(JsonValueKind.String, after.Data.GetProperty("quote").GetProperty("asOf").ValueKind);
        // The document that validated against the first schema names a field the new one lacks.
        var stale = await fixture.Client.GraphQLAsync(before);
        Assert.Contains(stale.Errors, error => error.GetProperty("message").GetString()!.Contains("currency", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_broken_change_keeps_the_previous_schema_and_says_where()
    {
        await ReloadAsync(SourceReloadFixture.Quotes, outcome => Serves(outcome, "currency"));

        var outcome = await ReloadAsync(SourceReloadFixture.Quotes.Replace("currency: String!", "currency: Currency!", StringComparison.Ordinal),
            outcome => outcome.Problem?.Message.Contains("Currency", StringComparison.Ordinal) == true);

        Assert.Equal("sources/quotes/quotes.graphql:1:41: unknown type 'Currency'", outcome.Problem!.Message);
        var response = await fixture.Client.GraphQLAsync("{ quote(from: \"EUR\", to: \"USD\") { currency } }");
        Assert.False(response.HasErrors, string.Join("; ", response.Errors));
        Assert.Equal("USD", response.Data.GetProperty("quote").GetProperty("currency").GetString());
    }

    [Fact]
    public async Task A_new_source_folder_waits_for_a_restart()
    {
        await ReloadAsync(SourceReloadFixture.Quotes, outcome => Serves(outcome, "currency"));
        var reloaded = Reloads(outcome => outcome.Problem?.Message.Contains("'extra'", StringComparison.Ordinal) == true);

        var extra = Directory.CreateDirectory(Path.Combine(fixture.Folder, "extra"));
        try
        {
            await WriteAtomicallyAsync(Path.Combine(extra.FullName, "extra.graphql"), "type Extra { id: ID! }");
            var outcome = await reloaded;

            Assert.Contains("the source 'extra' is new", outcome.Problem!.Message, StringComparison.Ordinal);
            Assert.False((await fixture.Client.GraphQLAsync("{ quote(from: \"EUR\", to: \"USD\") { currency } }")).HasErrors);
        }
        finally
        {
            var restored = Reloads(outcome => Serves(outcome, "currency"));
            extra.Delete(recursive: true);
            await restored;
        }
    }

    /// <summary>Whether the reload read a Quote type with <paramref name="field"/> and serves it.</summary>
    private static bool Serves(SourceReload outcome, string field) =>
        outcome.Problem is null && outcome.Model?.Types["Quote"].Definition is GraphQLParser.AST.GraphQLObjectTypeDefinition quote
        && quote.Fields!.Items.Any(f => f.Name.StringValue == field);

    /// <summary>Writes the source file and waits for the reload that read it (the one whose outcome <paramref name="read"/> recognises).</summary>
    private async Task<SourceReload> ReloadAsync(string text, Func<SourceReload, bool> read)
    {
        var reloaded = Reloads(read);
        await WriteAtomicallyAsync(fixture.File, text);
        return await reloaded;
    }

    private Task<SourceReload> Reloads(Func<SourceReload, bool> read)
    {
        var reloader = fixture.Gateway.Services.GetRequiredService<SourceFileReloader>();
        var done = new TaskCompletionSource<SourceReload>(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnReloaded(SourceReload outcome)
        {
            if (read(outcome))
            {
                done.TrySetResult(outcome);
            }
        }
        reloader.Reloaded += OnReloaded;
        _ = done.Task.ContinueWith(_ => reloader.Reloaded -= OnReloaded, TaskScheduler.Default);
        return done.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }

    /// <summary>As editors save: a new file renamed over the old one, so a reload never reads half a file.</summary>
    private static async Task WriteAtomicallyAsync(string path, string text)
    {
        var temporary = path + ".tmp";
        await File.WriteAllTextAsync(temporary, text);
        File.Move(temporary, path, overwrite: true);
    }
}
