using System.Net.WebSockets;
using Gateway.Subscriptions;
using GraphQL;
using Microsoft.Extensions.Options;

namespace Gateway.Transport.WebSockets;

/// <summary>Accepts WebSocket upgrades on the GraphQL endpoint and runs the graphql-transport-ws protocol on them.</summary>
public sealed class GraphQLWebSocketEndpoint(
    IOperationRunner runner,
    IGraphQLTextSerializer serializer,
    GraphQLRequestReader reader,
    WebSocketConnections connections,
    IOptions<SubscriptionOptions> options,
    Gateway.Security.Authentication.BearerTokens tokens,
    Gateway.Security.Cors.OriginPolicy origins,
    IHostApplicationLifetime lifetime,
    ILogger<GraphQLWebSocketConnection> logger)
{
    public const string Subprotocol = "graphql-transport-ws";

    public async Task HandleAsync(HttpContext context)
    {
        if (!origins.Permits(context.Request))
        {
            // Browsers let any page open a WebSocket to any host, with the user's cookies: a foreign page is refused
            // before the upgrade (cross-site WebSocket hijacking).
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return;
        }
        var settings = options.Value;
        if (!connections.TryOpen(settings.MaxConnections))
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            context.Response.Headers.RetryAfter = "5";
            return;
        }
        try
        {
            if (!context.WebSockets.WebSocketRequestedProtocols.Contains(Subprotocol))
            {
                // As graphql-ws servers do: accept, then close with 4406 so the client learns why.
                using var refused = await context.WebSockets.AcceptWebSocketAsync().ConfigureAwait(false);
                await RefuseAsync(refused, context.RequestAborted).ConfigureAwait(false);
                return;
            }

            using var socket = await context.WebSockets.AcceptWebSocketAsync(Subprotocol).ConfigureAwait(false);
            using var connection = new GraphQLWebSocketConnection(socket, context, runner, serializer, reader, settings, tokens, logger);
            using var stopping = lifetime.ApplicationStopping.Register(connection.GoAway);
            await connection.RunAsync().ConfigureAwait(false);
        }
        finally
        {
            connections.Close();
        }
    }

    /// <summary>
    /// Closes with 4406 and waits a moment for the client's close. A client that drops meanwhile has been told or
    /// is gone; either way there is nothing left to do, so its disconnect is not an error.
    /// </summary>
    private static async Task RefuseAsync(WebSocket socket, CancellationToken requestAborted)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(requestAborted);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        try
        {
            await socket.CloseAsync((WebSocketCloseStatus)CloseCodes.SubprotocolNotAcceptable, "Subprotocol not acceptable", timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
        }
    }
}
