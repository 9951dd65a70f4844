// The gateway's table of contents: every capability is registered by one extension method.
// `sources import …` and `sources check …` are the gateway's own tools for writing sources (Gateway.Sources.Import).
if (Gateway.Sources.Import.SourcesCommand.Handles(args))
{
    return await Gateway.Sources.Import.SourcesCommand.RunAsync(args, Console.Out, Console.Error).ConfigureAwait(false);
}

var builder = WebApplication.CreateBuilder(args);

builder.AddGatewayCore();
builder.AddGatewayTelemetry();
builder.AddGatewayAuthentication();
builder.AddGatewayCors();
builder.AddGatewayRateLimiting();
builder.AddGatewayRedis();
builder.AddGatewayCaching();
builder.AddGatewaySubscriptions();
builder.AddDemoUpstreams();
builder.AddPaymentsSource();
builder.AddDeclarativeSources();
builder.AddGatewayGraphQL();

var app = builder.Build();

app.WarnAboutDevelopmentToken();
app.UseTrustedProxies();
app.UseCors();
app.UseWebSockets();
app.UseAuthentication();
app.UseRateLimiter();
app.UsePlayground("/graphql");
app.MapGatewayHealth();
app.MapGatewayMetrics();
app.MapGraphQLHttp("/graphql").RequireCors(GatewayCorsExtensions.PolicyName).WithGatewayRateLimit(app.Services);
app.MapPaymentWebhooks();

await app.RunAsync().ConfigureAwait(false);
return 0;

/// <summary>Entry point type, public so tests can reference the gateway assembly.</summary>
public partial class Program;
