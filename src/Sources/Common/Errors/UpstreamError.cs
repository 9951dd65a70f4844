namespace Gateway.Sources.Common.Errors;

/// <summary>An upstream failed, answered garbage, or refused the request for a reason that is not the client's.</summary>
public sealed class UpstreamError(string source, string message, Exception? inner = null)
    : GatewayError(ErrorCodes.UpstreamError, message, source, inner);
