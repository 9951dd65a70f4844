namespace DemoUpstreams.Control;

/// <summary>The body of <c>POST /_demo/faults</c>: how one upstream misbehaves until reset.</summary>
public sealed record FaultSettings(string? Upstream, double? ErrorRate, int? LatencyMs, double? TimeoutRate);
