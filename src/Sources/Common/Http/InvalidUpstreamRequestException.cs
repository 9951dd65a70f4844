namespace Gateway.Sources.Common.Http;

/// <summary>
/// An upstream request that cannot be sent as built (a header value or a body its format cannot carry). Raised
/// before the resilience pipeline, so it is never retried and never counts against the upstream's circuit.
/// </summary>
public sealed class InvalidUpstreamRequestException(string part, Exception? inner = null)
    : Exception($"The upstream request's {part} cannot be sent.", inner)
{
    /// <summary>What could not be sent: <c>header 'Name'</c> or <c>body</c>.</summary>
    public string Part { get; } = part;
}
