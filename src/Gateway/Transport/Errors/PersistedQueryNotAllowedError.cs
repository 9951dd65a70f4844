namespace Gateway.Transport.Errors;

/// <summary>A document that is not a trusted one, where only trusted documents run.</summary>
public sealed class PersistedQueryNotAllowedError(string message) : RequestError(StatusCodes.Status400BadRequest, ErrorCode, message)
{
    public const string ErrorCode = "PERSISTED_QUERY_NOT_ALLOWED";
}
