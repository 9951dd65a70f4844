namespace Gateway.Transport.Errors;

/// <summary>A bearer token that does not validate; the caller sets <c>WWW-Authenticate</c>.</summary>
public sealed class UnauthenticatedRequestError(string message) : RequestError(StatusCodes.Status401Unauthorized, Gateway.Sources.Common.Authorization.ScopeAuthorization.Unauthenticated, message);
