using Gateway.Sources.Common.Telemetry;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// OpenTelemetry: traces (each GraphQL operation, its DataLoader batches and their upstream HTTP calls, under the
/// incoming request's span), metrics (the gateway's meters plus ASP.NET Core and HttpClient), Prometheus text at
/// <c>Gateway:Telemetry:PrometheusPath</c>, and OTLP export of all signals only when the standard
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (spans are recorded only then, or with
/// <c>Gateway:Telemetry:Tracing</c>). Log entries carry the trace and span ids of the current activity.
/// </summary>
public static class TelemetryExtensions
{
    public static IHostApplicationBuilder AddGatewayTelemetry(this IHostApplicationBuilder builder)
    {
        builder.Logging.Configure(logging =>
            logging.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId);

        var otlp = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(
                serviceName: builder.Configuration["OTEL_SERVICE_NAME"] ?? "graphql-gateway",
                serviceInstanceId: Environment.MachineName))
            .WithMetrics(metrics => metrics
                .AddMeter(GatewayTelemetry.MeterNames)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddPrometheusExporter());
        // Spans cost allocations on every request, so they are recorded only when something collects them: an
        // OTLP endpoint, or Gateway:Telemetry:Tracing=true (for another exporter added in code, and the tests).
        if (otlp || builder.Configuration.GetValue<bool>("Gateway:Telemetry:Tracing"))
        {
            telemetry.WithTracing(tracing => tracing
                .AddSource(GatewayTelemetry.Name)
                .AddAspNetCoreInstrumentation(aspNetCore => aspNetCore.Filter = context => !IsOperationalPath(context.Request.Path))
                .AddHttpClientInstrumentation());
        }
        if (otlp)
        {
            telemetry.UseOtlpExporter();
        }
        return builder;
    }

    /// <summary>Serves Prometheus text at <c>Gateway:Telemetry:PrometheusPath</c> (<c>/metrics</c>; empty turns it off).</summary>
    public static WebApplication MapGatewayMetrics(this WebApplication app)
    {
        var path = app.Configuration["Gateway:Telemetry:PrometheusPath"] ?? "/metrics";
        if (path.Length > 0)
        {
            app.MapPrometheusScrapingEndpoint(path);
        }
        return app;
    }

    private static bool IsOperationalPath(PathString path) =>
        path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase) || path.StartsWithSegments("/metrics", StringComparison.OrdinalIgnoreCase);
}
