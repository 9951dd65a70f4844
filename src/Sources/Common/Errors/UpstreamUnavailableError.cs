namespace Gateway.Sources.Common.Errors;

/// <summary>The upstream is not called at all: its circuit is open or its bulkhead is full.</summary>
public sealed class UpstreamUnavailableError(string source, Exception? inner = null)
    : GatewayError(ErrorCodes.UpstreamUnavailable, $"The {source} upstream is unavailable; try again later.", source, inner);
