namespace Gateway.Transport.Errors;

/// <summary>A method the endpoint does not take (a mutation over GET, say); the caller sets <c>Allow</c>.</summary>
public sealed class MethodNotAllowedError(string message) : RequestError(StatusCodes.Status405MethodNotAllowed, ErrorCode, message)
{
    public const string ErrorCode = "METHOD_NOT_ALLOWED";
}
