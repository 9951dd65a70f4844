using System.Diagnostics;
using System.Net;
using Gateway.Testing;
using Gateway.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using static Gateway.Tests.Infrastructure.Eventually;

namespace Gateway.Tests.Telemetry;

/// <summary>
/// Tests that read the process-wide meters and activity sources run alone, so no other test's gateway adds to
/// what they count.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TelemetryCollection
{
    public const string Name = "Telemetry";
}

/// <summary>A gateway whose traces and metrics also go to in-memory exporters.</summary>
public sealed class TelemetryGateway : IAsyncDisposable
{
    private TelemetryGateway(DemoServer demo, GatewayServer gateway)
    {
        Demo = demo;
        Server = gateway;
        Client = gateway.CreateClient();
    }

    public DemoServer Demo { get; }

    public GatewayServer Server { get; }

    public HttpClient Client { get; }

    public static async Task<TelemetryGateway> StartAsync(IReadOnlyDictionary<string, string?> settings)
    {
        var demo = await DemoServer.StartAsync();
        var spans = new List<Activity>();
        var metrics = new List<MetricSnapshot>();
        var gateway = new GatewayServer(demo, new Dictionary<string, string?>(settings) { ["Gateway:Telemetry:Tracing"] = "true" }, configureServices: services =>
        {
            services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(spans));
            services.ConfigureOpenTelemetryMeterProvider(meters => meters.AddInMemoryExporter(metrics));
        });
        var started = new TelemetryGateway(demo, gateway);
        started._spans = spans;
        started._metrics = metrics;
        return started;
    }

    private List<Activity> _spans = [];
    private List<MetricSnapshot> _metrics = [];

    /// <summary>The spans exported so far (a copy: the exporter keeps adding).</summary>
    public IReadOnlyList<Activity> ExportedSpans()
    {
        lock (_spans)
        {
            return [.. _spans];
        }
    }

    /// <summary>Collects the metrics now and returns the sum of <paramref name="name"/>'s points whose tags include <paramref name="tags"/>.</summary>
    public double Measure(string name, params (string Key, object Value)[] tags)
    {
        _metrics.Clear();
        Server.Services.GetRequiredService<MeterProvider>().ForceFlush();
        double total = 0;
        foreach (var metric in _metrics.Where(m => m.Name == name))
        {
            foreach (var point in metric.MetricPoints)
            {
                var pointTags = new Dictionary<string, object?>();
                foreach (var tag in point.Tags)
                {
                    pointTags[tag.Key] = tag.Value;
                }
                if (tags.All(tag => pointTags.TryGetValue(tag.Key, out var value) && Equals(value?.ToString(), tag.Value.ToString())))
                {
                    total += metric.MetricType switch
                    {
                        MetricType.LongSum or MetricType.LongSumNonMonotonic => point.GetSumLong(),
                        MetricType.DoubleSum or MetricType.DoubleSumNonMonotonic => point.GetSumDouble(),
                        MetricType.LongGauge => point.GetGaugeLastValueLong(),
                        MetricType.DoubleGauge => point.GetGaugeLastValueDouble(),
                        MetricType.Histogram => point.GetHistogramCount(),
                        _ => 0,
                    };
                }
            }
        }
        return total;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
        await Demo.DisposeAsync();
    }
}

[Collection(TelemetryCollection.Name)]
public sealed class TracingTests
{
    private const string Composite = "query Composite { customers(ids: [\"71\", \"72\"]) { name address { location { weather { temperatureC } } } payments(first: 1) { nodes { id } } } }";

    [Fact]
    public async Task The_composite_query_is_one_operation_span_with_one_child_per_DataLoader_batch_and_an_upstream_call_under_each()
    {
        await using var gateway = await TelemetryGateway.StartAsync(new Dictionary<string, string?> { ["Gateway:Cache:Enabled"] = "false" });

        var response = await gateway.Client.GraphQLAsync(Composite);
        Activity? server = null;
        await WaitUntil(() => (server = gateway.ExportedSpans().FirstOrDefault(s => s.Kind == ActivityKind.Server && s.DisplayName.Contains("/graphql", StringComparison.Ordinal))) is not null);

        Assert.False(response.HasErrors, string.Join("; ", response.Errors));
        var spans = gateway.ExportedSpans().Where(s => s.TraceId == server!.TraceId).ToList();
        var operation = Assert.Single(spans, s => s.Source.Name == "Gateway" && s.DisplayName == "query Composite");
        Assert.Equal(server!.SpanId, operation.ParentSpanId);
        Assert.Equal("query", operation.GetTagItem("graphql.operation.type"));
        Assert.Equal("Composite", operation.GetTagItem("graphql.operation.name"));
        Assert.Equal(0, operation.GetTagItem("graphql.errors.count"));
        Assert.Matches("^[0-9a-f]{64}$", (string)operation.GetTagItem("graphql.document.hash")!);

        var batches = spans.Where(s => s.DisplayName.StartsWith("DataLoader ", StringComparison.Ordinal)).ToList();
        // Declarative sources' loaders are named by source and entity.
        Assert.Equal(["DataLoader PaymentsByCustomer", "DataLoader crm.customer", "DataLoader maps.location", "DataLoader weather.current"],
            batches.Select(b => b.DisplayName).Order(StringComparer.Ordinal));
        Assert.All(batches, batch => Assert.Equal(operation.SpanId, batch.ParentSpanId));
        Assert.All(batches, batch => Assert.Equal(2, batch.GetTagItem("gateway.dataloader.batch_size")));

        // The test's own HttpClient call started the trace; every other client span is the gateway's.
        var upstreamCalls = spans.Where(s => s.Kind == ActivityKind.Client && s.SpanId != server.ParentSpanId).ToList();
        Assert.Equal(4, upstreamCalls.Count);
        Assert.Equal(4, (await gateway.Demo.StatsAsync()).Total);
        Assert.Equal(batches.Select(b => b.SpanId.ToHexString()).Order(StringComparer.Ordinal), upstreamCalls.Select(c => c.ParentSpanId.ToHexString()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Cache_hits_and_misses_are_tagged_on_the_batch_span()
    {
        await using var gateway = await TelemetryGateway.StartAsync(new Dictionary<string, string?> { ["Gateway:Cache:Enabled"] = "true" });

        await gateway.Client.GraphQLAsync("{ customer(id: \"73\") { name } }");
        await gateway.Client.GraphQLAsync("{ customer(id: \"73\") { name } }");
        await WaitUntil(() => gateway.ExportedSpans().Count(s => s.DisplayName == "DataLoader crm.customer") == 2);

        var batches = gateway.ExportedSpans().Where(s => s.DisplayName == "DataLoader crm.customer").OrderBy(s => s.StartTimeUtc).ToList();
        Assert.Equal((0, 1), ((int)batches[0].GetTagItem("gateway.cache.hits")!, (int)batches[0].GetTagItem("gateway.cache.misses")!));
        Assert.Equal((1, 0), ((int)batches[1].GetTagItem("gateway.cache.hits")!, (int)batches[1].GetTagItem("gateway.cache.misses")!));
    }
}

[Collection(TelemetryCollection.Name)]
public sealed class MetricsTests
{
    [Fact]
    public async Task A_cache_hit_moves_the_hit_counter_of_its_source_only()
    {
        await using var gateway = await TelemetryGateway.StartAsync(new Dictionary<string, string?> { ["Gateway:Cache:Enabled"] = "true" });
        await gateway.Client.GraphQLAsync("{ customer(id: \"74\") { name } }");
        var hitsBefore = gateway.Measure("gateway.cache.hits", ("source", "crm"));
        var missesBefore = gateway.Measure("gateway.cache.misses", ("source", "crm"));

        await gateway.Client.GraphQLAsync("{ customer(id: \"74\") { name } }");

        Assert.Equal(1, missesBefore);
        Assert.Equal(hitsBefore + 1, gateway.Measure("gateway.cache.hits", ("source", "crm")));
        Assert.Equal(missesBefore, gateway.Measure("gateway.cache.misses", ("source", "crm")));
        Assert.Equal(2, gateway.Measure("gateway.graphql.operation.duration", ("graphql.operation.type", "query"), ("outcome", "success")));
    }

    [Fact]
    public async Task An_upstream_error_moves_the_error_counter_of_its_source()
    {
        await using var gateway = await TelemetryGateway.StartAsync(new Dictionary<string, string?>
        {
            ["Gateway:Cache:Enabled"] = "false",
            ["Sources:Weather:Resilience:MaxRetries"] = "0",
        });
        await gateway.Demo.FaultAsync("weather", errorRate: 1.0);

        var response = await gateway.Client.GraphQLAsync("{ weather(lat: 1, lng: 2) { temperatureC } }");

        Assert.Equal("UPSTREAM_ERROR", GraphQLResponse.Code(response.Errors.Single()));
        Assert.Equal(1, gateway.Measure("gateway.upstream.errors", ("gateway.source", "weather"), ("error.type", "503")));
        Assert.Equal(0, gateway.Measure("gateway.upstream.errors", ("gateway.source", "crm")));
        Assert.Equal(1, gateway.Measure("gateway.upstream.request.duration", ("gateway.source", "weather"), ("http.response.status_code", 503)));
        Assert.Equal(1, gateway.Measure("gateway.graphql.operation.duration", ("outcome", "error")));
    }

    [Fact]
    public async Task A_breaker_opening_shows_in_the_state_gauge_and_the_opened_counter()
    {
        await using var gateway = await TelemetryGateway.StartAsync(new Dictionary<string, string?>
        {
            ["Gateway:Cache:Enabled"] = "false",
            ["Sources:Maps:Resilience:MaxRetries"] = "0",
            ["Sources:Maps:Resilience:BreakerMinimumThroughput"] = "2",
            ["Sources:Maps:Resilience:BreakDuration"] = "00:01:00",
        });
        await gateway.Client.GraphQLAsync("{ geocode(address: \"1 Main St, Springfield\") { lat } }");
        var closed = gateway.Measure("gateway.upstream.circuit.state", ("gateway.source", "maps"));
        await gateway.Demo.FaultAsync("maps", errorRate: 1.0);

        for (var i = 0; i < 3; i++)
        {
            await gateway.Client.GraphQLAsync($"{{ geocode(address: \"{i} Broken St, Springfield\") {{ lat }} }}");
        }

        Assert.Equal(0, closed);
        Assert.Equal(1, gateway.Measure("gateway.upstream.circuit.state", ("gateway.source", "maps")));
        Assert.Equal(1, gateway.Measure("gateway.upstream.circuit.opened", ("gateway.source", "maps")));
    }

    [Fact]
    public async Task Metrics_are_served_as_Prometheus_text()
    {
        await using var gateway = await TelemetryGateway.StartAsync(new Dictionary<string, string?> { ["Gateway:Cache:Enabled"] = "true" });
        await gateway.Client.GraphQLAsync("{ customer(id: \"75\") { name address { location { weather { temperatureC } } } } }");
        await gateway.Client.GraphQLAsync("{ customer(id: \"75\") { name } }");
        using var webhook = await gateway.Client.PostAsync("/webhooks/payments", GraphQLClientExtensions.Json("{}"));

        using var response = await gateway.Client.GetAsync("/metrics");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType!.MediaType, StringComparison.Ordinal);
        foreach (var metric in new[]
        {
            "gateway_graphql_operation_duration_seconds_bucket", "gateway_upstream_request_duration_seconds_bucket",
            "gateway_cache_hits_total", "gateway_cache_misses_total", "gateway_dataloader_batch_size_bucket",
            "gateway_upstream_circuit_state", "gateway_websocket_connections", "gateway_subscriptions_active",
            "gateway_webhooks_deliveries_total", "http_server_request_duration_seconds_bucket",
        })
        {
            Assert.Contains(metric, text, StringComparison.Ordinal);
        }
        Assert.Contains("gateway_cache_hits_total{otel_scope_name=\"Gateway.Cache\",source=\"crm\"} 1", text, StringComparison.Ordinal);
    }
}
