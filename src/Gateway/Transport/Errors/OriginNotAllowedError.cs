namespace Gateway.Transport.Errors;

/// <summary>An event stream asked for by a page of an origin the CORS list does not name.</summary>
public sealed class OriginNotAllowedError(string message) : RequestError(StatusCodes.Status403Forbidden, ErrorCode, message)
{
    public const string ErrorCode = "ORIGIN_NOT_ALLOWED";
}
