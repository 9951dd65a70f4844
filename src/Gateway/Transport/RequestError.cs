namespace Gateway.Transport;

/// <summary>
/// A request refused before it executes: answered with <see cref="StatusCode"/> and a GraphQL error of
/// <see cref="Code"/>. Each kind of refusal is its own type in <c>Transport/Errors</c>, which knows both.
/// </summary>
public abstract class RequestError(int statusCode, string code, string message) : Exception(message)
{
    public int StatusCode { get; } = statusCode;

    /// <summary>Stable value of <c>extensions.code</c>.</summary>
    public string Code { get; } = code;
}
