namespace Gateway.Transport.Errors;

/// <summary>A GET whose URL is longer than <c>Gateway:MaxUrlBytes</c>.</summary>
public sealed class UriTooLongError(string message) : RequestError(StatusCodes.Status414UriTooLong, ErrorCode, message)
{
    public const string ErrorCode = "URI_TOO_LONG";
}
