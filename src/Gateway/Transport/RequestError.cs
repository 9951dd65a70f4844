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

/// <summary>The <c>extensions.code</c> values of requests refused before execution (others live beside their checks).</summary>
public static class RequestErrorCodes
{
    public const string InvalidRequest = "INVALID_REQUEST";
    public const string InvalidJson = "INVALID_JSON";
    public const string MethodNotAllowed = "METHOD_NOT_ALLOWED";
    public const string NotAcceptable = "NOT_ACCEPTABLE";
    public const string UriTooLong = "URI_TOO_LONG";
    public const string UnsupportedMediaType = "UNSUPPORTED_MEDIA_TYPE";
    public const string PayloadTooLarge = "PAYLOAD_TOO_LARGE";
    public const string OriginNotAllowed = "ORIGIN_NOT_ALLOWED";
}
