using Gateway.Sources.Common.Http;
using Gateway.Sources.Common.Options;
using Gateway.Sources.Common.Schema;
using Gateway.Sources.Declarative.Connectors;
using Gateway.Sources.Declarative.Definitions;
using Gateway.Sources.Declarative.Schema;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.Hosting;

/// <summary>Registers the declarative sources: every folder under <c>Gateway:SourcesPath</c> with a <c>*.graphql</c> file.</summary>
public static class DeclarativeSourcesExtensions
{
    public const string SourcesPathKey = "Gateway:SourcesPath";

    /// <summary>
    /// Reads and checks the source files (a wrong file stops the start, naming file, line and column) and registers
    /// for each source what a hand-written one registers: options from <c>Sources:&lt;Name&gt;</c>, an HttpClient
    /// behind the upstream resilience pipeline with header forwarding, cache policies, and per-request loaders.
    /// </summary>
    public static IHostApplicationBuilder AddDeclarativeSources(this IHostApplicationBuilder builder)
    {
        var folder = SourcesFolder(builder);
        var model = SourceFileReader.Read(folder);
        var services = builder.Services;
        services.AddSingleton(model);
        services.AddSingleton<DeclarativeGraphTypes>();
        services.AddSingleton<DeclarativeTypesInUse>();
        services.AddSingleton<ConnectorClient>();
        services.AddSingleton<MutationCall>();
        services.AddScoped<ConnectorLoaders>();
        services.AddSingleton<ConnectorPoller>();
        services.AddHostedService(provider => provider.GetRequiredService<ConnectorPoller>());
        services.AddHttpContextAccessor();
        services.Add(ServiceDescriptor.Singleton(typeof(IFieldContributor<>), typeof(DeclarativeFieldContributor<>)));

        foreach (var source in model.Sources)
        {
            var section = SourceOptions.SectionOf(source);
            AddSourceSettings(builder, folder, source, section);
            if (string.IsNullOrWhiteSpace(builder.Configuration[$"{section}:BaseUrl"]))
            {
                throw new SourceFileException(Path.GetRelativePath(Path.GetDirectoryName(folder)!, Path.Combine(folder, source)), 1, 1,
                    $"the source '{source}' needs {section}:BaseUrl in configuration");
            }
            services.AddOptions<DeclarativeSourceOptions>(source)
                .BindConfiguration(section)
                .ValidateDataAnnotations()
                .ValidateOnStart();
            services.AddHttpClient(ConnectorClient.ClientName(source), (provider, http) =>
                    http.BaseAddress = provider.GetRequiredService<IOptionsMonitor<DeclarativeSourceOptions>>().Get(source).BaseAddress)
                .AddHttpMessageHandler(provider => new ForwardedHeadersHandler(
                    provider.GetRequiredService<IHttpContextAccessor>(),
                    provider.GetRequiredService<IOptionsMonitor<DeclarativeSourceOptions>>().Get(source)))
                .AddHttpMessageHandler(provider => new ConfiguredHeadersHandler(
                    provider.GetRequiredService<IOptionsMonitor<DeclarativeSourceOptions>>().Get(source).Headers))
                .AddUpstreamResilience(source);
        }
        foreach (var fetch in model.Fetches.DistinctBy(fetch => (fetch.Source, fetch.Entity)))
        {
            services.AddCachePolicy(fetch.Source, fetch.Entity, fetch.Ttl, fetch.Grace);
        }
        return builder;
    }

    /// <summary>The name of a source folder's own settings: <c>Sources:&lt;Name&gt;</c> keys that configuration overrides.</summary>
    public const string SettingsFile = "source.json";

    /// <summary>
    /// A source folder's <c>source.json</c> (an import writes the upstream's base URL there): its keys are the
    /// source's <c>Sources:&lt;Name&gt;</c> keys, read below every other configuration source, so settings, the
    /// environment and the command line still win. A file that is not JSON stops the start, naming it.
    /// </summary>
    private static void AddSourceSettings(IHostApplicationBuilder builder, string folder, string source, string section)
    {
        var path = Path.Combine(folder, source, SettingsFile);
        if (!File.Exists(path))
        {
            return;
        }
        IConfigurationRoot settings;
        try
        {
            settings = new ConfigurationBuilder().AddJsonFile(path, optional: false, reloadOnChange: false).Build();
        }
        catch (Exception ex) when (ex is InvalidDataException or FormatException or System.Text.Json.JsonException)
        {
            throw new SourceFileException(Path.GetRelativePath(Path.GetDirectoryName(folder)!, path).Replace('\\', '/'), 1, 1,
                $"not a settings file: {(ex.InnerException ?? ex).Message}");
        }
        var values = settings.AsEnumerable(makePathsRelative: true)
            .Where(pair => pair.Value is not null)
            .Select(pair => KeyValuePair.Create($"{section}:{pair.Key}", pair.Value));
        builder.Configuration.Sources.Insert(0, new Microsoft.Extensions.Configuration.Memory.MemoryConfigurationSource { InitialData = values.ToList() });
    }

    /// <summary>
    /// <c>Gateway:SourcesPath</c> (relative to the content root; Development's settings name the repository's
    /// <c>sources</c>, so edits there reload), or the <c>sources</c> folder the build copies beside the gateway. A
    /// configured folder that does not exist stops the start: serving without its sources would hide the mistake.
    /// </summary>
    private static string SourcesFolder(IHostApplicationBuilder builder)
    {
        if (builder.Configuration[SourcesPathKey] is not { Length: > 0 } configured)
        {
            return Path.Combine(AppContext.BaseDirectory, "sources");
        }
        var folder = Path.GetFullPath(configured, builder.Environment.ContentRootPath);
        return Directory.Exists(folder)
            ? folder
            : throw new InvalidOperationException($"{SourcesPathKey} is '{configured}', which is not a folder (looked for {folder}).");
    }
}
