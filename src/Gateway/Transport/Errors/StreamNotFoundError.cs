namespace Gateway.Transport.Errors;

/// <summary>graphql-sse single connection mode: no stream is reserved with the token given (the protocol's 404).</summary>
public sealed class StreamNotFoundError(string message) : RequestError(StatusCodes.Status404NotFound, InvalidRequestError.ErrorCode, message);
