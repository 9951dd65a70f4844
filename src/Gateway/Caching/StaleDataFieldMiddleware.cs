using System.Collections;
using Gateway.Sources.Common.Caching;
using GraphQL;
using GraphQL.DataLoader;
using GraphQL.Instrumentation;

namespace Gateway.Caching;

/// <summary>
/// Notes fields whose DataLoader value was served stale. Only DataLoader results are inspected (one weak-table
/// lookup each), so ordinary fields pay for an extra await only.
/// </summary>
public sealed class StaleDataFieldMiddleware : IFieldMiddleware
{
    public async ValueTask<object?> ResolveAsync(IResolveFieldContext context, FieldMiddlewareDelegate next)
    {
        var result = await next(context).ConfigureAwait(false);
        return result is IDataLoaderResult deferred ? new Tracked(deferred, context) : result;
    }

    private sealed class Tracked(IDataLoaderResult inner, IResolveFieldContext context) : IDataLoaderResult
    {
        public async Task<object?> GetResultAsync(CancellationToken cancellationToken = default)
        {
            var value = await inner.GetResultAsync(cancellationToken).ConfigureAwait(false);
            if (StaleValues.TryGet(value, out var info))
            {
                Report(context.ResponsePath.ToList(), info!);
            }
            else if (value is IEnumerable items and not string)
            {
                var index = 0;
                foreach (var item in items)
                {
                    if (StaleValues.TryGet(item, out var itemInfo))
                    {
                        Report([.. context.ResponsePath, index], itemInfo!);
                    }
                    index++;
                }
            }
            return value;
        }

        private void Report(IReadOnlyList<object> path, StaleInfo info) =>
            context.RequestServices?.GetService<StaleDataReport>()?.Entries.Enqueue((path, info));
    }
}
