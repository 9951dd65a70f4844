using System.Diagnostics;

namespace Gateway.Sources.Common.Diagnostics;

/// <summary>Records the duration and failures of every attempt of an upstream request, tagged with its source.</summary>
public sealed class UpstreamMetricsHandler(string source) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var sourceTag = new KeyValuePair<string, object?>("gateway.source", source);
        try
        {
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            GatewayTelemetry.UpstreamDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds,
                sourceTag, new KeyValuePair<string, object?>("http.response.status_code", status));
            if (status >= 500 || status == 429)
            {
                GatewayTelemetry.UpstreamErrors.Add(1, sourceTag, new KeyValuePair<string, object?>("error.type", status.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            }
            return response;
        }
        catch (Exception ex)
        {
            var type = ex is OperationCanceledException ? "timeout" : ex is HttpRequestException ? "connection" : ex.GetType().Name;
            GatewayTelemetry.UpstreamDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, sourceTag, new KeyValuePair<string, object?>("error.type", type));
            GatewayTelemetry.UpstreamErrors.Add(1, sourceTag, new KeyValuePair<string, object?>("error.type", type));
            throw;
        }
    }
}
