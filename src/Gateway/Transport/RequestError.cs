namespace Gateway.Transport;

/// <summary>
/// A request that is not a well-formed GraphQL-over-HTTP request: it is answered with <see cref="StatusCode"/>
/// and never executed.
/// </summary>
public sealed class RequestError(int statusCode, string code, string message) : Exception(message)
{
    public int StatusCode { get; } = statusCode;

    /// <summary>Stable value of <c>extensions.code</c>.</summary>
    public string Code { get; } = code;
}
