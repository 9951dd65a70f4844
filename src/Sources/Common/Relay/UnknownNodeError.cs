using Gateway.Sources.Common.Errors;

namespace Gateway.Sources.Common.Relay;

/// <summary>A global id that names no object the gateway can load: malformed, of an unknown type, or not found.</summary>
public sealed class UnknownNodeError(string id)
    : GatewayError(ErrorCodes.NotFound, $"'{(id.Length > 48 ? id[..48] + "…" : id)}' is not the id of any object.");
