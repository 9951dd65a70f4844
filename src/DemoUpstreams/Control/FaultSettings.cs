namespace DemoUpstreams.Control;

/// <summary>
/// The body of <c>POST /_demo/faults</c>: how one upstream misbehaves until reset. <see cref="Seed"/> picks the
/// random sequence that decides which requests fail or hang (1 when omitted), so runs repeat.
/// </summary>
public sealed record FaultSettings(string? Upstream, double? ErrorRate, int? LatencyMs, double? TimeoutRate, int? Seed = null);
