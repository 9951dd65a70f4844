using Gateway.Sources.Common.Errors;

namespace Gateway.Sources.Common.DataLoading;

/// <summary>What a batch produced for one key: a value, nothing (null), or an error for that key alone.</summary>
public readonly record struct LoadResult<TValue>(TValue? Value, GatewayError? Error)
{
    public static LoadResult<TValue> Found(TValue value) => new(value, null);

    public static LoadResult<TValue> Failed(GatewayError error) => new(default, error);

    /// <summary>The value, or the error thrown as a fresh copy so GraphQL.NET reports it at the caller's path.</summary>
    public TValue? GetValueOrThrow() => Error is null ? Value : throw Error.CopyForField();
}
