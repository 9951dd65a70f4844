namespace Gateway.Transport.Errors;

/// <summary>A document that is not valid GraphQL syntax.</summary>
public sealed class SyntaxRequestError(string message) : RequestError(StatusCodes.Status400BadRequest, ErrorCode, message)
{
    public const string ErrorCode = "SYNTAX_ERROR";
}
