namespace Gateway.Transport.Errors;

/// <summary>A POST body that is not <c>application/json</c> (UTF-8).</summary>
public sealed class UnsupportedMediaTypeError(string message) : RequestError(StatusCodes.Status415UnsupportedMediaType, ErrorCode, message)
{
    public const string ErrorCode = "UNSUPPORTED_MEDIA_TYPE";
}
