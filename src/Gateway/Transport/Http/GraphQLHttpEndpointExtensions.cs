using Gateway.Transport;
using Gateway.Transport.Http;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the GraphQL endpoint.</summary>
public static class GraphQLHttpEndpointExtensions
{
    /// <summary>Serves GraphQL over HTTP at <paramref name="pattern"/> for every method (others get 405).</summary>
    public static IEndpointConventionBuilder MapGraphQLHttp(this IEndpointRouteBuilder endpoints, string pattern)
    {
        return endpoints.Map(pattern, context => context.RequestServices.GetRequiredService<GraphQLHttpEndpoint>().HandleAsync(context));
    }

    /// <summary>
    /// Registers the transports' services: HTTP, and what its endpoint hands requests to (the WebSocket endpoint,
    /// the SSE streams) with their limits (<c>Gateway:Subscriptions</c>).
    /// </summary>
    public static IServiceCollection AddGraphQLHttpTransport(this IServiceCollection services)
    {
        services.AddOptions<Gateway.Subscriptions.SubscriptionOptions>()
            .BindConfiguration(Gateway.Subscriptions.SubscriptionOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<Gateway.Transport.WebSockets.WebSocketConnections>();
        services.AddSingleton<Gateway.Transport.WebSockets.IOperationRunner, Gateway.Transport.WebSockets.OperationRunner>();
        services.AddSingleton<Gateway.Transport.WebSockets.GraphQLWebSocketEndpoint>();
        services.AddSingleton<GraphQLRequestReader>();
        services.AddSingleton<GraphQLHttpEndpoint>();
        services.AddSingleton<GatewayExecutor>();
        services.AddSingleton<Gateway.Transport.Streaming.StreamedResponses>();
        services.AddSingleton<Gateway.Transport.Streaming.EventStreamSessions>();
        return services;
    }
}
