using System.Text.Json;
using System.Text.Json.Nodes;
using Gateway.Sources.Declarative.Definitions;
using Gateway.Sources.Import.Generated;
using Gateway.Sources.Import.OpenApi;
using Gateway.Sources.Import.Wsdl;

namespace Gateway.Sources.Import;

/// <summary>
/// <c>sources import openapi|wsdl &lt;file-or-url&gt; --name &lt;Name&gt;</c> writes a source folder from a service
/// description; <c>sources check &lt;Name&gt; [--against &lt;file-or-url&gt;]</c> compares a source with the service's
/// current description and exits 1 on a breaking change. Run on the gateway's own program:
/// <c>dotnet run --project src/Gateway -- sources …</c>.
/// </summary>
public static class SourcesCommand
{
    public const string Usage = """
        usage:
          sources import openapi <file-or-url> --name <Name> [--prefix <Prefix>] [--query <operationId>]… [--mutation <operationId>]… [--out <folder>] [--force]
          sources import wsdl <file-or-url> --name <Name> [--prefix <Prefix>] [--port <Port>] [--query <Operation>]… [--mutation <Operation>]… [--out <folder>] [--force]
          sources check <Name> [--against <file-or-url>] [--out <folder>]
        <folder> is the sources folder (default: ./sources).
        """;

    /// <summary>Whether the program's arguments are this command's (the gateway then runs it instead of serving).</summary>
    public static bool Handles(string[] args) => args is ["sources", ..];

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        try
        {
            return args switch
            {
                ["sources", "import", var kind, var location, .. var rest] when kind is "openapi" or "wsdl" && !location.StartsWith("--", StringComparison.Ordinal) =>
                    await ImportAsync(kind, location, Options.Parse(rest), output, cancellationToken).ConfigureAwait(false),
                ["sources", "check", var name, .. var rest] when !name.StartsWith("--", StringComparison.Ordinal) =>
                    await CheckAsync(name, Options.Parse(rest), output, cancellationToken).ConfigureAwait(false),
                _ => throw new ImportException(Usage),
            };
        }
        catch (ImportException ex)
        {
            await error.WriteLineAsync(ex.Message).ConfigureAwait(false);
            return 2;
        }
    }

    private static async Task<int> ImportAsync(string kind, string location, Options options, TextWriter output, CancellationToken cancellationToken)
    {
        var name = options.Single("name") ?? throw new ImportException("--name <Name> is required: it names the source's folder and configuration (Sources:<Name>)");
        if (!System.Text.RegularExpressions.Regex.IsMatch(name, "^[A-Za-z][A-Za-z0-9_-]{0,63}$"))
        {
            throw new ImportException($"--name '{name}': a source name is a letter, then letters, digits, '_' or '-' (it names a folder and a configuration section)");
        }
        var import = ImportOptionsOf(name, options);
        var generated = await GenerateAsync(kind, location, import, cancellationToken).ConfigureAwait(false);
        var folder = Path.Combine(options.Single("out") ?? "sources", name.ToLowerInvariant());
        if (Directory.Exists(folder) && Directory.EnumerateFileSystemEntries(folder).Any() && !options.Flag("force"))
        {
            throw new ImportException($"{folder} exists; pass --force to replace its files");
        }
        var text = SourceFileWriter.Write(generated);
        Verify(name, text);
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, name.ToLowerInvariant() + ".graphql");
        await File.WriteAllTextAsync(file, text, cancellationToken).ConfigureAwait(false);
        var settings = new JsonObject();
        if (generated.BaseUrl is not null)
        {
            settings["BaseUrl"] = generated.BaseUrl;
        }
        // What 'sources check' needs to make the file again from the service's current description.
        var record = new JsonObject
        {
            ["Kind"] = kind,
            ["Document"] = Uri.TryCreate(location, UriKind.Absolute, out var url) && url.Scheme is "http" or "https" ? location : Path.GetFullPath(location),
        };
        if (import.Prefix.Length > 0)
        {
            record["Prefix"] = import.Prefix;
        }
        if (import.Port is not null)
        {
            record["Port"] = import.Port;
        }
        foreach (var (key, names) in new[] { ("Queries", import.Queries), ("Mutations", import.Mutations) })
        {
            if (names.Count > 0)
            {
                record[key] = new JsonArray([.. names.Order(StringComparer.Ordinal).Select(q => JsonValue.Create(q))]);
            }
        }
        settings["Import"] = record;
        await File.WriteAllTextAsync(Path.Combine(folder, Microsoft.Extensions.Hosting.DeclarativeSourcesExtensions.SettingsFile),
            settings.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n", cancellationToken).ConfigureAwait(false);
        await output.WriteLineAsync($"wrote {file}: {generated.Queries.Count} queries, {generated.Mutations.Count} mutations, {generated.Types.Count} types"
            + (generated.Skipped.Count > 0 ? $", {generated.Skipped.Count} operations not imported (listed in the file)" : "")
            + (generated.BaseUrl is null ? $"; set Sources:{name}:BaseUrl, the document names no server" : "")).ConfigureAwait(false);
        return 0;
    }

    /// <summary>Makes the source of a description, in memory.</summary>
    public static async Task<GeneratedSource> GenerateAsync(string kind, string location, ImportOptions options, CancellationToken cancellationToken = default) =>
        kind switch
        {
            "openapi" => await new OpenApiImporter(options).ImportAsync(location, cancellationToken).ConfigureAwait(false),
            "wsdl" => await new WsdlImporter(options).ImportAsync(location, cancellationToken).ConfigureAwait(false),
            _ => throw new ImportException($"'{kind}': the import reads openapi and wsdl"),
        };

    /// <summary>The file must be one the gateway reads; one it cannot is the import's bug, reported instead of written.</summary>
    private static void Verify(string name, string text)
    {
        var folder = Path.Combine(Path.GetTempPath(), "gateway-import-" + Guid.NewGuid().ToString("N"));
        try
        {
            Directory.CreateDirectory(Path.Combine(folder, name));
            File.WriteAllText(Path.Combine(folder, name, name + ".graphql"), text);
            SourceFileReader.Read(folder);
        }
        catch (SourceFileException ex)
        {
            throw new ImportException($"the import made a file the gateway cannot read (please report it): {ex.Message}");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<int> CheckAsync(string name, Options options, TextWriter output, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(options.Single("out") ?? "sources", name.ToLowerInvariant());
        var file = Path.Combine(folder, name.ToLowerInvariant() + ".graphql");
        var settingsFile = Path.Combine(folder, Microsoft.Extensions.Hosting.DeclarativeSourcesExtensions.SettingsFile);
        if (!File.Exists(file) || !File.Exists(settingsFile))
        {
            throw new ImportException($"{folder} holds no imported source ({Path.GetFileName(file)} and source.json, as 'sources import' writes them)");
        }
        var import = (JsonNode.Parse(await File.ReadAllTextAsync(settingsFile, cancellationToken).ConfigureAwait(false)) as JsonObject)?["Import"] as JsonObject
            ?? throw new ImportException($"{settingsFile} says nothing of the import (its \"Import\" section)");
        var kind = import["Kind"]?.GetValue<string>() ?? "openapi";
        var location = options.Single("against") ?? import["Document"]?.GetValue<string>()
            ?? throw new ImportException("--against <file-or-url>: the source does not say where its description is");
        var importOptions = new ImportOptions(name)
        {
            Prefix = import["Prefix"]?.GetValue<string>() ?? "",
            Port = import["Port"]?.GetValue<string>(),
            Queries = Names(import["Queries"]),
            Mutations = Names(import["Mutations"]),
        };
        var current = SourceFileWriter.Write(await GenerateAsync(kind, location, importOptions, cancellationToken).ConfigureAwait(false));
        var changes = SchemaChanges.Compare(await File.ReadAllTextAsync(file, cancellationToken).ConfigureAwait(false), current);
        var breaking = changes.Where(c => c.Breaking).ToList();
        await output.WriteLineAsync($"{name}: {location} against {file}").ConfigureAwait(false);
        foreach (var change in changes)
        {
            await output.WriteLineAsync($"  {(change.Breaking ? "BREAKING" : "safe    ")}  {change.Description}").ConfigureAwait(false);
        }
        await output.WriteLineAsync(breaking.Count > 0
            ? $"{breaking.Count} breaking change{(breaking.Count == 1 ? "" : "s")}: clients of the fields above would fail. Re-import (sources import {kind} … --force) once they are dealt with."
            : changes.Count > 0 ? "no breaking changes; re-import to serve the additions." : "no changes.").ConfigureAwait(false);
        return breaking.Count > 0 ? 1 : 0;
    }

    private static HashSet<string> Names(JsonNode? node) =>
        node is JsonArray list ? list.Select(n => n!.GetValue<string>()).ToHashSet(StringComparer.Ordinal) : new(StringComparer.Ordinal);

    private static ImportOptions ImportOptionsOf(string name, Options options) => new(name)
    {
        Prefix = options.Single("prefix") is { } prefix
            ? GraphQLNames.IsValid(prefix) ? prefix : throw new ImportException($"--prefix '{prefix}' is not a GraphQL name")
            : "",
        Port = options.Single("port"),
        Queries = options.All("query").ToHashSet(StringComparer.Ordinal),
        Mutations = options.All("mutation").ToHashSet(StringComparer.Ordinal),
    };

    /// <summary><c>--name X --query a --query b --force</c>.</summary>
    private sealed class Options
    {
        private static readonly HashSet<string> Flags = ["force"];
        private static readonly HashSet<string> Known = ["name", "prefix", "port", "query", "mutation", "out", "force", "against"];
        private readonly List<(string Name, string? Value)> _values = [];

        public static Options Parse(string[] args)
        {
            var options = new Options();
            for (var i = 0; i < args.Length; i++)
            {
                if (!args[i].StartsWith("--", StringComparison.Ordinal) || !Known.Contains(args[i][2..]))
                {
                    throw new ImportException($"unknown argument '{args[i]}'\n{Usage}");
                }
                var name = args[i][2..];
                if (Flags.Contains(name))
                {
                    options._values.Add((name, null));
                    continue;
                }
                if (i + 1 >= args.Length)
                {
                    throw new ImportException($"--{name} needs a value\n{Usage}");
                }
                options._values.Add((name, args[++i]));
            }
            return options;
        }

        public string? Single(string name) => _values.LastOrDefault(v => v.Name == name).Value;

        public IEnumerable<string> All(string name) => _values.Where(v => v.Name == name).Select(v => v.Value!);

        public bool Flag(string name) => _values.Any(v => v.Name == name);
    }
}
