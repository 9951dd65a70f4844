using System.Threading.Channels;
using Gateway.Sources.Common.Schema;
using Gateway.Sources.Declarative.Definitions;
using Gateway.Sources.Declarative.Schema;
using GraphQL.Types;

namespace Gateway.Schema;

/// <summary>
/// Development's hot reload of the declarative sources (<c>Gateway:ReloadSources</c>, on by default in Development):
/// when a file under the sources folder changes, the files are read and checked again and a new schema is built
/// from them beside the running one; it replaces the running one only if it builds. A broken change keeps the
/// previous schema and logs why, with the file, line and column. Sources are the ones the gateway started with:
/// their clients, settings and cache policies are registered at start, so a new source folder joins at the next
/// start.
/// </summary>
public sealed class SourceFileReloader(
    IServiceProvider services,
    LiveSchema live,
    SourceModel started,
    DeclarativeTypesInUse inUse,
    ILogger<SourceFileReloader> logger) : BackgroundService
{
    /// <summary>How long files must stay unchanged before they are read: an editor saves in several steps.</summary>
    public static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(200);

    private readonly Channel<bool> _changes = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly Lock _gate = new();

    /// <summary>Raised after each reload, with what was read and whether it serves.</summary>
    public event Action<SourceReload>? Reloaded;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (started.Folder is not { } folder || !Directory.Exists(folder))
        {
            return;
        }
        using var watcher = new FileSystemWatcher(folder) { IncludeSubdirectories = true };
        watcher.Changed += (_, _) => _changes.Writer.TryWrite(true);
        watcher.Created += (_, _) => _changes.Writer.TryWrite(true);
        watcher.Deleted += (_, _) => _changes.Writer.TryWrite(true);
        watcher.Renamed += (_, _) => _changes.Writer.TryWrite(true);
        watcher.EnableRaisingEvents = true;
        logger.LogInformation("Watching {Folder} for changed source files", folder);
        while (await _changes.Reader.WaitToReadAsync(stoppingToken).ConfigureAwait(false))
        {
            // Changes that come while the files settle are read in the same reload.
            do
            {
                _changes.Reader.TryRead(out _);
                await Task.Delay(Settle, stoppingToken).ConfigureAwait(false);
            }
            while (_changes.Reader.TryPeek(out _));
            Reload(folder);
        }
    }

    private void Reload(string folder)
    {
        SourceReload outcome;
        lock (_gate)
        {
            try
            {
                var model = SourceFileReader.Read(folder);
                if (model.Sources.FirstOrDefault(source => !started.Sources.Contains(source)) is { } added)
                {
                    throw new SourceFileException($"{Path.GetFileName(folder)}/{added}", 1, 1,
                        $"the source '{added}' is new: a source's client and settings are made at start, so it joins when the gateway restarts");
                }
                live.Replace(Build(model));
                outcome = new SourceReload(model, null);
                logger.LogInformation("Source files reloaded; schema generation {Generation} serves", live.Generation);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                outcome = new SourceReload(null, ex);
                logger.LogError("Source files changed, but the change is not applied and the previous schema stays: {Problem}", ex.Message);
            }
        }
        Reloaded?.Invoke(outcome);
    }

    /// <summary>A schema of the gateway's code-first types and the sources as <paramref name="model"/> declares them, built and checked.</summary>
    private GatewaySchema Build(SourceModel model)
    {
        var types = ActivatorUtilities.CreateInstance<DeclarativeGraphTypes>(services, model);
        var previous = inUse.Types;
        inUse.Types = types;
        try
        {
            var schema = ActivatorUtilities.CreateInstance<GatewaySchema>(services, types);
            try
            {
                schema.Initialize();
            }
            catch (Exception ex) when (types.Explain(ex) is { } sourceFileError)
            {
                throw sourceFileError;
            }
            types.Check(schema);
            return schema;
        }
        finally
        {
            inUse.Types = previous;
        }
    }
}

/// <summary>One reload: the sources it read and now serves, or why the previous schema stays.</summary>
public sealed record SourceReload(SourceModel? Model, Exception? Problem);
