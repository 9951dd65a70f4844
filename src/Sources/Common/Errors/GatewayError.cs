using GraphQL;

namespace Gateway.Sources.Common.Errors;

/// <summary>
/// Base of every error the gateway reports itself: a client-safe message, a stable <c>extensions.code</c> and,
/// where an upstream is involved, <c>extensions.source</c>. Never carries upstream URLs, bodies or stack traces.
/// </summary>
public abstract class GatewayError : ExecutionError
{
    protected GatewayError(string code, string message, string? source = null, Exception? inner = null)
        : base(message, inner)
    {
        Code = code;
        Extensions = new Dictionary<string, object?> { ["code"] = code };
        if (source is not null)
        {
            Extensions["source"] = source;
        }
        Source = source;
    }

    /// <summary>The upstream this error concerns, if any.</summary>
    public new string? Source { get; }

    /// <summary>
    /// A fresh copy for one response path. GraphQL.NET writes the path and locations onto the error it
    /// catches, so an error shared by several fields (one failed batch) must be copied per field.
    /// </summary>
    public GatewayError CopyForField() => (GatewayError)MemberwiseClone();
}
