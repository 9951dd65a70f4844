namespace Gateway.Sources.Common.Errors;

/// <summary>The upstream does not know the requested entity.</summary>
public sealed class NotFoundError(string source, string entity, string key)
    : GatewayError(ErrorCodes.NotFound, $"{entity} '{key}' was not found.", source);
