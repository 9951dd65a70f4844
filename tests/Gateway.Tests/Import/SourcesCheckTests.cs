using Gateway.Sources.Import;

namespace Gateway.Tests.Import;

/// <summary><c>sources check</c> against a changed copy of the document an imported source was made from.</summary>
public sealed class SourcesCheckTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("sources-check-").FullName;
    private readonly string _document;

    public SourcesCheckTests()
    {
        _document = Path.Combine(_folder, "pets.yaml");
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Import", "Documents", "pets.yaml"), _document);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Sources => Path.Combine(_folder, "sources");

    private async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await SourcesCommand.RunAsync(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task An_unchanged_document_passes()
    {
        Assert.Equal(0, (await RunAsync("sources", "import", "openapi", _document, "--name", "pets", "--out", Sources)).Exit);

        var (exit, output, _) = await RunAsync("sources", "check", "pets", "--out", Sources);

        Assert.Equal(0, exit);
        Assert.EndsWith("no changes." + Environment.NewLine, output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_removed_operation_and_a_changed_field_type_fail_with_a_report_naming_them()
    {
        Assert.Equal(0, (await RunAsync("sources", "import", "openapi", _document, "--name", "pets", "--out", Sources)).Exit);
        var changed = Path.Combine(_folder, "changed.yaml");
        var text = await File.ReadAllTextAsync(_document);
        var oldPet = text.IndexOf("  /pets/{petId}/old:", StringComparison.Ordinal);
        var upload = text.IndexOf("  /upload:", StringComparison.Ordinal);
        text = text.Remove(oldPet, upload - oldPet)
            .Replace("lives: { type: integer }", "lives: { type: string }", StringComparison.Ordinal)
            .Replace("        status: { $ref: \"#/components/schemas/Status\" }\n    NewCat:", "        status: { $ref: \"#/components/schemas/Status\" }\n        size: { type: string }\n    NewCat:", StringComparison.Ordinal);
        await File.WriteAllTextAsync(changed, text);

        var (exit, output, _) = await RunAsync("sources", "check", "pets", "--against", changed, "--out", Sources);

        Assert.Equal(1, exit);
        Assert.Contains("BREAKING  Query.getOldPet (an operation) was removed", output, StringComparison.Ordinal);
        Assert.Contains("BREAKING  Cat.lives changed type from Int to String", output, StringComparison.Ordinal);
        Assert.Contains("BREAKING  NewCatInput.lives changed type from Int! to String!", output, StringComparison.Ordinal);
        Assert.Contains("safe      NewDogInput.size was added", output, StringComparison.Ordinal);
        Assert.Contains("3 breaking changes", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_document_that_is_not_openapi_is_a_clear_error_and_writes_nothing()
    {
        var broken = Path.Combine(_folder, "broken.yaml");
        await File.WriteAllTextAsync(broken, "openapi: 3.1.0\ninfo: [not, an, object]\npaths: 7\n");

        var (exit, _, error) = await RunAsync("sources", "import", "openapi", broken, "--name", "broken", "--out", Sources);

        Assert.Equal(2, exit);
        Assert.StartsWith($"{broken}: not", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(Sources, "broken")));
    }

    [Fact]
    public async Task An_existing_source_folder_is_kept_unless_forced()
    {
        Assert.Equal(0, (await RunAsync("sources", "import", "openapi", _document, "--name", "pets", "--out", Sources)).Exit);

        var (exit, _, error) = await RunAsync("sources", "import", "openapi", _document, "--name", "pets", "--out", Sources);

        Assert.Equal(2, exit);
        Assert.Contains("pass --force", error, StringComparison.Ordinal);
        Assert.Equal(0, (await RunAsync("sources", "import", "openapi", _document, "--name", "pets", "--out", Sources, "--force")).Exit);
    }
}
