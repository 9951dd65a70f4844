using Gateway.Sources.Common.Errors;

namespace Gateway.Sources.Common.Authorization;

/// <summary>An <c>UNAUTHENTICATED</c> or <c>FORBIDDEN</c> error at the field that was refused.</summary>
public sealed class AuthorizationError(string code, string message) : GatewayError(code, message);
