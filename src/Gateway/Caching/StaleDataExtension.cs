using GraphQL;
using GraphQL.DI;
using Gateway.Sources.Common.Caching;

namespace Gateway.Caching;

/// <summary>Adds <c>extensions.stale: [{ path, source, ageSeconds }]</c> when any field was served stale.</summary>
public sealed class StaleDataExtension : IConfigureExecution
{
    public float SortOrder => 100;

    public async Task<ExecutionResult> ExecuteAsync(ExecutionOptions options, ExecutionDelegate next)
    {
        var result = await next(options).ConfigureAwait(false);
        var report = options.RequestServices?.GetService<StaleDataReport>();
        if (report is { IsEmpty: false })
        {
            result.Extensions ??= [];
            result.Extensions["stale"] = report.Entries
                .Select(entry => new Dictionary<string, object?>
                {
                    ["path"] = entry.Path,
                    ["source"] = entry.Info.Source,
                    ["ageSeconds"] = Math.Round(entry.Info.Age.TotalSeconds, 1),
                })
                .ToList();
        }
        return result;
    }
}
