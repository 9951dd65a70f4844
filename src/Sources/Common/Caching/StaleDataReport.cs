using System.Collections.Concurrent;
using GraphQL;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Sources.Common.Caching;

/// <summary>How old a value served from the cache after its TTL is, and where it came from.</summary>
public sealed record StaleInfo(string Source, TimeSpan Age);

/// <summary>
/// The paths of one request that were answered from stale cache entries. A loader's outcome for a key says whether
/// it was served stale (<see cref="DataLoading.LoadResult{TValue}.Stale"/>); the field that takes the outcome reports
/// it here at its own path, and the response lists them in <c>extensions.stale</c>. Scoped: one per request.
/// </summary>
public sealed class StaleDataReport
{
    private readonly ConcurrentQueue<(IReadOnlyList<object> Path, StaleInfo Info)> _entries = new();

    public IReadOnlyCollection<(IReadOnlyList<object> Path, StaleInfo Info)> Entries => _entries;

    public bool IsEmpty => _entries.IsEmpty;

    /// <summary>Notes that <paramref name="field"/>'s value (or, with <paramref name="index"/>, that item of it) was served stale.</summary>
    public static void Note(IResolveFieldContext field, StaleInfo info, int? index = null)
    {
        if (field.RequestServices?.Scoped<StaleDataReport>() is { } report)
        {
            IReadOnlyList<object> path = index is { } item ? [.. field.ResponsePath, item] : [.. field.ResponsePath];
            report._entries.Enqueue((path, info));
        }
    }
}
