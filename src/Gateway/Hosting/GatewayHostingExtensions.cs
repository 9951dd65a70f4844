using Gateway.Hosting;
using Gateway.Schema;
using Gateway.Transport;
using GraphQL;
using GraphQL.DI;
using GraphQL.Execution;
using GraphQLParser.AST;
using Microsoft.Extensions.Diagnostics.HealthChecks;

// Registration entry points live in the hosting namespace so Program.cs needs no usings.
namespace Microsoft.Extensions.Hosting;

/// <summary>Registers the gateway host: options, health checks, document cache and the GraphQL engine.</summary>
public static class GatewayHostingExtensions
{
    /// <summary>Options, health checks and the parsed-document cache.</summary>
    public static IHostApplicationBuilder AddGatewayCore(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<GatewayOptions>()
            .BindConfiguration(GatewayOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        // Kestrel's default request line (8 KiB) would refuse long GET URLs with an empty 414 before the gateway
        // sees them; it reads up to 1 MiB (what a POST body may carry) and the endpoint answers with a GraphQL error.
        builder.Services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(kestrel =>
            kestrel.Limits.MaxRequestLineSize = GatewayOptions.KestrelRequestLineBytes);
        builder.Services.AddHealthChecks()
            .AddCheck("process", () => HealthCheckResult.Healthy(), tags: [GatewayHealthTags.Live])
            .AddCheck<UpstreamCircuitsHealthCheck>("upstreams", tags: [GatewayHealthTags.Ready])
            .AddCheck<ShutdownHealthCheck>("shutdown", tags: [GatewayHealthTags.Ready]);
        builder.Services.AddSourcesCommon();
        builder.Services.AddSingleton<DocumentCache>();
        builder.Services.AddGraphQLHttpTransport();
        builder.Services.AddPlayground();
        builder.Services.AddOptions<Gateway.Security.GatewaySecurityOptions>().BindConfiguration(GatewayOptions.SectionName);
        builder.Services.AddOptions<Gateway.Security.OperationLimitsOptions>()
            .BindConfiguration(Gateway.Security.OperationLimitsOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        // The gateway's validation rules; GatewayExecutor decides which run for a document seen before.
        builder.Services.AddSingleton<Gateway.Security.OperationLimitsRule>();
        builder.Services.AddSingleton<Gateway.Security.IntrospectionRule>();
        builder.Services.AddSingleton<Gateway.Security.OperationCostRule>();
        builder.Services.AddPersistedOperations();
        builder.AddGatewayRedis();
        builder.Services.AddSingleton<UnhandledErrors>();
        return builder;
    }

    /// <summary>Whether changed source files rebuild the schema while the gateway runs (default: in Development).</summary>
    public const string ReloadSourcesKey = "Gateway:ReloadSources";

    /// <summary>
    /// The GraphQL engine with the gateway schema. Sources register their own graph types and field contributors as
    /// services (<c>AddGraphTypesOf</c>, <c>AddFieldContributor</c>), so nothing here names them.
    /// </summary>
    public static IHostApplicationBuilder AddGatewayGraphQL(this IHostApplicationBuilder builder)
    {
        builder.Services.AddGraphQL(graphQL =>
        {
            graphQL
                .AddSchema<GatewaySchema>()
                .AddSystemTextJson(json => json.Encoder = GatewayJson.Encoder)
                .AddErrorInfoProvider<GatewayErrorInfoProvider>()
                .AddExecutionStrategy<ParallelExecutionStrategy>(OperationType.Query)
                .AddExecutionStrategySelector<Gateway.Execution.Incremental.IncrementalStrategySelector>()
                .AddGatewayCommonTypes()
                .AddStaleDataReporting();
        });
        builder.Services.AddHostedService<SchemaStartupCheck>();
        builder.Services.AddSingleton(provider => new LiveSchema(provider.GetRequiredService<GraphQL.Types.ISchema>()));
        if (builder.Configuration.GetValue(ReloadSourcesKey, builder.Environment.IsDevelopment()))
        {
            builder.Services.AddSingleton<SourceFileReloader>();
            builder.Services.AddHostedService(provider => provider.GetRequiredService<SourceFileReloader>());
        }
        return builder;
    }
}
