namespace Gateway.Transport.Errors;

/// <summary>A persisted document hash this gateway does not know; APQ clients answer by sending the document.</summary>
public sealed class PersistedQueryNotFoundError(string message) : RequestError(StatusCodes.Status400BadRequest, ErrorCode, message)
{
    public const string ErrorCode = "PERSISTED_QUERY_NOT_FOUND";
}
