namespace Gateway.Transport.Errors;

/// <summary>A fault of the gateway's, not the client's, found before any result was written: 500, with the code and correlation id of the logged error.</summary>
public sealed class InternalRequestError(string code, string message) : RequestError(StatusCodes.Status500InternalServerError, code, message);
