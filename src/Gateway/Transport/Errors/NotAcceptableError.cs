namespace Gateway.Transport.Errors;

/// <summary>An <c>Accept</c> that allows none of the response formats.</summary>
public sealed class NotAcceptableError(string message) : RequestError(StatusCodes.Status406NotAcceptable, ErrorCode, message)
{
    public const string ErrorCode = "NOT_ACCEPTABLE";
}
