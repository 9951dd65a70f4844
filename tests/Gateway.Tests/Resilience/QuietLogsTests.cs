using Gateway.Sources.Common.Telemetry;
using Gateway.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Gateway.Tests.Resilience;

/// <summary>What an upstream outage writes to the log: one line per failed attempt, one per breaker transition, no stack traces.</summary>
public sealed class QuietLogsTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task An_outage_logs_each_attempt_once_without_stack_traces_and_nothing_per_request_once_the_circuit_is_open()
    {
        var logs = new LogCapture();
        await using var gateway = new GatewayServer(fixture.Demo, new Dictionary<string, string?>
        {
            ["Gateway:Cache:Enabled"] = "false",
            ["Logging:LogLevel:Default"] = "Information",
            ["Sources:Weather:Resilience:MaxRetries"] = "2",
            ["Sources:Weather:Resilience:RetryBaseDelay"] = "00:00:00.001",
            ["Sources:Weather:Resilience:BreakerMinimumThroughput"] = "6",
            ["Sources:Weather:Resilience:BreakerFailureRatio"] = "0.5",
            ["Sources:Weather:Resilience:BreakDuration"] = "00:05:00",
        }, configureServices: services => services.AddSingleton<ILoggerProvider>(logs));
        using var client = gateway.CreateClient();
        await fixture.Demo.ResetAsync();
        await fixture.Demo.FaultAsync("weather", errorRate: 1.0);

        var responses = new List<GraphQLResponse>();
        for (var i = 0; i < 30; i++)
        {
            responses.Add(await client.GraphQLAsync($"{{ weather(lat: {i}.5, lng: 4.5) {{ temperatureC }} }}"));
        }
        var attempts = (await fixture.Demo.StatsAsync()).Weather;
        await fixture.Demo.ResetAsync();

        Assert.All(responses, r => Assert.StartsWith("UPSTREAM_", GraphQLResponse.Code(r.Errors.Single()), StringComparison.Ordinal));
        var failedAttempts = logs.Entries.Where(e => e.Category == typeof(UpstreamMetricsHandler).FullName).ToList();
        Assert.Equal(attempts, failedAttempts.Count);
        Assert.All(failedAttempts, e => Assert.Equal(LogLevel.Warning, e.Level));
        Assert.Single(logs.Entries, e => e.Category == "Gateway.Upstreams" && e.Message.Contains("opened", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Entries, e => e.Category.StartsWith("Polly", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Entries, e => e.Level >= LogLevel.Warning && e.Exception is not null);
        // The breaker opened after a handful of calls; the other requests failed fast and logged nothing.
        Assert.InRange(attempts, 6, 9);
    }
}
