namespace Gateway.Transport.Errors;

/// <summary>graphql-sse single connection mode: the stream is open already, not yet open, or runs the operation id already (the protocol's 409).</summary>
public sealed class StreamConflictError(string message) : RequestError(StatusCodes.Status409Conflict, InvalidRequestError.ErrorCode, message);
