namespace Gateway.Transport.Errors;

/// <summary>A document of more tokens than <c>Gateway:Limits:MaxTokens</c>, refused while it is parsed.</summary>
public sealed class MaxTokensExceededError(string message) : RequestError(StatusCodes.Status400BadRequest, ErrorCode, message)
{
    public const string ErrorCode = "MAX_TOKENS_EXCEEDED";
}
