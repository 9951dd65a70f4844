namespace Gateway.Transport.Errors;

/// <summary>A document longer than <c>Gateway:Limits:MaxDocumentLength</c>, refused before it is parsed.</summary>
public sealed class MaxDocumentLengthExceededError(string message) : RequestError(StatusCodes.Status400BadRequest, ErrorCode, message)
{
    public const string ErrorCode = "MAX_DOCUMENT_LENGTH_EXCEEDED";
}
