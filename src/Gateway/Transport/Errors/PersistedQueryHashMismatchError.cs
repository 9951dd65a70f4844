namespace Gateway.Transport.Errors;

/// <summary>A document sent with a hash that is not its own.</summary>
public sealed class PersistedQueryHashMismatchError(string message) : RequestError(StatusCodes.Status400BadRequest, ErrorCode, message)
{
    public const string ErrorCode = "PERSISTED_QUERY_HASH_MISMATCH";
}
