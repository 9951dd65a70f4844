using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Gateway.Sources.Common.Telemetry;

/// <summary>
/// Records the duration and failures of every attempt of an upstream request, tagged with its source, and logs each
/// failed attempt once, at warning level, with its source, attempt and reason and no stack trace: an upstream outage
/// is expected, and must not flood the log (Polly's own per-attempt logging, with stack traces, is turned off).
/// </summary>
public sealed partial class UpstreamMetricsHandler(string source, Resilience.UpstreamCircuits circuits, ILogger<UpstreamMetricsHandler> logger) : DelegatingHandler
{
    private static readonly HttpRequestOptionsKey<int> AttemptKey = new("gateway.attempt");

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var attempt = request.Options.TryGetValue(AttemptKey, out var previous) ? previous + 1 : 1;
        request.Options.Set(AttemptKey, attempt);
        var started = Stopwatch.GetTimestamp();
        var sourceTag = new KeyValuePair<string, object?>("gateway.source", source);
        try
        {
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            var elapsed = Stopwatch.GetElapsedTime(started);
            GatewayTelemetry.UpstreamDuration.Record(elapsed.TotalSeconds,
                sourceTag, new KeyValuePair<string, object?>("http.response.status_code", status));
            RequestTrace.Call(source, request, status, elapsed, attempt, Breaker());
            if (status >= 500 || status == 429)
            {
                var reason = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
                GatewayTelemetry.UpstreamErrors.Add(1, sourceTag, new KeyValuePair<string, object?>("error.type", reason));
                LogFailedAttempt(logger, source, attempt, $"HTTP {reason}");
            }
            return response;
        }
        catch (Exception ex)
        {
            var type = ex is OperationCanceledException ? "timeout" : ex is HttpRequestException ? "connection" : ex.GetType().Name;
            var elapsed = Stopwatch.GetElapsedTime(started);
            GatewayTelemetry.UpstreamDuration.Record(elapsed.TotalSeconds, sourceTag, new KeyValuePair<string, object?>("error.type", type));
            RequestTrace.Call(source, request, null, elapsed, attempt, Breaker(), type);
            GatewayTelemetry.UpstreamErrors.Add(1, sourceTag, new KeyValuePair<string, object?>("error.type", type));
            if (!(ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
            {
                LogFailedAttempt(logger, source, attempt, ex is HttpRequestException { HttpRequestError: var error } ? $"{type} ({error})" : type);
            }
            throw;
        }
    }

    /// <summary>The source's circuit breaker as this attempt found it (its outcome is counted after): closed, open, half-open or isolated.</summary>
    private string Breaker() => circuits.For(source).CircuitState switch
    {
        Polly.CircuitBreaker.CircuitState.Closed => "closed",
        Polly.CircuitBreaker.CircuitState.Open => "open",
        Polly.CircuitBreaker.CircuitState.HalfOpen => "half-open",
        _ => "isolated",
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Upstream {Source} attempt {Attempt} failed: {Reason}")]
    private static partial void LogFailedAttempt(ILogger logger, string source, int attempt, string reason);
}
