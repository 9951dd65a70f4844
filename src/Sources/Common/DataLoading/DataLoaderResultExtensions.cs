using GraphQL;
using GraphQL.DataLoader;

namespace Gateway.Sources.Common.DataLoading;

/// <summary>Continuations on deferred results, so a resolver can shape a batch's answer without awaiting early.</summary>
public static class DataLoaderResultExtensions
{
    /// <summary>Applies <paramref name="map"/> once the batch has run.</summary>
    public static IDataLoaderResult<TOut> Then<TIn, TOut>(this IDataLoaderResult<TIn> source, Func<TIn, TOut> map) =>
        new Mapped<TIn, TOut>(source, map);

    /// <summary>
    /// Turns per-key outcomes into a list whose failed items are null, reporting each failure as an error at
    /// that item's path (<c>customers[3]</c>), so one unknown id never fails its siblings, and each item served stale
    /// at its path too.
    /// </summary>
    public static IDataLoaderResult<IEnumerable<TValue?>> AsListWithItemErrors<TValue>(
        this IDataLoaderResult<IReadOnlyList<LoadResult<TValue>>> source, IResolveFieldContext context) =>
        source.Then(results =>
        {
            var values = new TValue?[results.Count];
            for (var i = 0; i < results.Count; i++)
            {
                if (results[i].Error is { } error)
                {
                    var itemError = error.CopyForField();
                    itemError.Path = [.. context.ResponsePath, i];
                    itemError.AddLocation(context.FieldAst, context.Document);
                    context.Errors.Add(itemError);
                }
                else if (results[i].Stale is { } stale)
                {
                    Caching.StaleDataReport.Note(context, stale, i);
                }
                values[i] = results[i].Value;
            }
            return (IEnumerable<TValue?>)values;
        });

    private sealed class Mapped<TIn, TOut>(IDataLoaderResult<TIn> source, Func<TIn, TOut> map) : IDataLoaderResult<TOut>
    {
        public async Task<TOut> GetResultAsync(CancellationToken cancellationToken = default)
        {
            var input = await source.GetResultAsync(cancellationToken).ConfigureAwait(false);
            return map(input);
        }

        async Task<object?> IDataLoaderResult.GetResultAsync(CancellationToken cancellationToken) =>
            await GetResultAsync(cancellationToken).ConfigureAwait(false);
    }
}
