namespace Gateway.Transport.Errors;

/// <summary>Not a GraphQL request: no document, a field of the wrong type, an operation a transport cannot carry.</summary>
public sealed class InvalidRequestError(string message) : RequestError(StatusCodes.Status400BadRequest, ErrorCode, message)
{
    public const string ErrorCode = "INVALID_REQUEST";
}
