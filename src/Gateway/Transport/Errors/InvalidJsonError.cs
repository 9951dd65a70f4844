namespace Gateway.Transport.Errors;

/// <summary>A body that is not valid UTF-8 JSON.</summary>
public sealed class InvalidJsonError(string message) : RequestError(StatusCodes.Status400BadRequest, ErrorCode, message)
{
    public const string ErrorCode = "INVALID_JSON";
}
