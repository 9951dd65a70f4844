namespace Gateway.Sources.Common.Errors;

/// <summary>An upstream did not answer in time.</summary>
public sealed class UpstreamTimeoutError(string source, Exception? inner = null)
    : GatewayError(ErrorCodes.UpstreamTimeout, $"The {source} upstream did not answer in time.", source, inner);
