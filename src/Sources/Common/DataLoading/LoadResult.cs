using Gateway.Sources.Common.Caching;
using Gateway.Sources.Common.Errors;
using GraphQL;

namespace Gateway.Sources.Common.DataLoading;

/// <summary>
/// What a batch produced for one key: a value, nothing (null), or an error for that key alone; a value served from
/// the cache after its TTL (the upstream failing) says so in <see cref="Stale"/>.
/// </summary>
public readonly record struct LoadResult<TValue>(TValue? Value, GatewayError? Error, StaleInfo? Stale = null)
{
    public static LoadResult<TValue> Found(TValue value) => new(value, null);

    public static LoadResult<TValue> Failed(GatewayError error) => new(default, error);

    /// <summary>A value from an expired cache entry, served because the upstream failed.</summary>
    public static LoadResult<TValue> ServedStale(TValue value, StaleInfo stale) => new(value, null, stale);

    /// <summary>The value, or the error thrown as a fresh copy so GraphQL.NET reports it at the caller's path.</summary>
    public TValue? GetValueOrThrow() => Error is null ? Value : throw Error.CopyForField();

    /// <summary>
    /// The value as <paramref name="field"/>'s answer: served stale, the field's path is reported so; failed, the error
    /// is thrown for the field's path.
    /// </summary>
    public TValue? ValueFor(IResolveFieldContext field)
    {
        if (Stale is { } stale)
        {
            StaleDataReport.Note(field, stale);
        }
        return GetValueOrThrow();
    }

    /// <summary>The same outcome with its value as <typeparamref name="TOther"/> (a node loader's <c>object</c>, say).</summary>
    public LoadResult<TOther> As<TOther>(Func<TValue, TOther> convert) =>
        new(Value is { } value ? convert(value) : default, Error, Stale);
}
