using GraphQL;

namespace Gateway.Transport;

/// <summary>One GraphQL request as read from HTTP, a WebSocket message or an SSE POST.</summary>
public sealed record GraphQLHttpRequest(
    string? Query,
    string? OperationName,
    Inputs? Variables,
    Inputs? Extensions);
