using Gateway.Sources.Common.Telemetry;
using Gateway.Sources.Common.Http;
using Gateway.Sources.Common.Resilience;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>The Polly pipeline every upstream's HttpClient goes through.</summary>
public static class UpstreamResilienceExtensions
{
    /// <summary>
    /// Bulkhead, total timeout, retries (only for retry-safe requests, honouring Retry-After), circuit breaker and
    /// per-attempt timeout, in that order from the outside in; configured from <c>Sources:&lt;source&gt;:Resilience</c>.
    /// </summary>
    public static IHttpClientBuilder AddUpstreamResilience(this IHttpClientBuilder builder, string source)
    {
        builder.Services.AddOptions<UpstreamResilienceOptions>(source)
            .BindConfiguration($"{Gateway.Sources.Common.Options.SourceOptions.SectionOf(source)}:Resilience")
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSourcesCommon();

        // Outside the pipeline: a request that cannot be written fails before it could be retried or counted.
        builder.AddHttpMessageHandler(() => new UpstreamRequestGuardHandler());
        builder.AddResilienceHandler($"{source}-upstream", (pipeline, context) =>
        {
            var options = context.ServiceProvider.GetRequiredService<IOptionsMonitor<UpstreamResilienceOptions>>().Get(source);
            var circuits = context.ServiceProvider.GetRequiredService<UpstreamCircuits>();
            var logger = context.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger("Gateway.Upstreams");

            pipeline
                .AddConcurrencyLimiter(options.MaxConcurrentRequests, options.QueueLimit)
                .AddTimeout(options.TotalTimeout);
            if (options.MaxRetries > 0)
            {
                // Polly requires at least one attempt; MaxRetries = 0 means no retry strategy at all.
                pipeline.AddRetry(new HttpRetryStrategyOptions
                {
                    MaxRetryAttempts = options.MaxRetries,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    Delay = options.RetryBaseDelay,
                    ShouldRetryAfterHeader = true,
                    ShouldHandle = args => ValueTask.FromResult(
                        UpstreamRequest.IsRetrySafe(args.Context.GetRequestMessage())
                        && UpstreamFailures.IsUpstreamFault(args.Outcome)),
                });
            }
            pipeline
                .AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
                {
                    FailureRatio = options.BreakerFailureRatio,
                    SamplingDuration = options.BreakerSamplingDuration,
                    MinimumThroughput = options.BreakerMinimumThroughput,
                    BreakDuration = options.BreakDuration,
                    StateProvider = circuits.For(source),
                    ShouldHandle = args => ValueTask.FromResult(UpstreamFailures.IsUpstreamFault(args.Outcome)),
                    OnOpened = args =>
                    {
                        GatewayTelemetry.CircuitOpened.Add(1, new KeyValuePair<string, object?>("gateway.source", source));
                        logger.LogWarning("Circuit of upstream {Source} opened for {BreakDuration}; its calls fail fast meanwhile", source, args.BreakDuration);
                        return ValueTask.CompletedTask;
                    },
                    OnHalfOpened = _ =>
                    {
                        logger.LogInformation("Circuit of upstream {Source} half-open: one probe call goes through", source);
                        return ValueTask.CompletedTask;
                    },
                    OnClosed = _ =>
                    {
                        logger.LogInformation("Circuit of upstream {Source} closed", source);
                        return ValueTask.CompletedTask;
                    },
                })
                .AddTimeout(options.AttemptTimeout);
        });
        // Inside the pipeline: every attempt is measured, retries included.
        builder.AddHttpMessageHandler(provider => new UpstreamMetricsHandler(source, provider.GetRequiredService<UpstreamCircuits>(), provider.GetRequiredService<ILogger<UpstreamMetricsHandler>>()));
        // Polly logs every attempt with its exception's stack trace at warning or error level: an outage floods the
        // log. Attempts are logged once each by UpstreamMetricsHandler, breaker transitions below.
        builder.Services.AddLogging(logging => logging.AddFilter("Polly", LogLevel.None));
        return builder;
    }
}
