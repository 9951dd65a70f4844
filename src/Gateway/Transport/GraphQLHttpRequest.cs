using GraphQL;

namespace Gateway.Transport;

/// <summary>
/// One GraphQL request as read from HTTP, a WebSocket message or an SSE POST. <see cref="DocumentId"/> names a
/// persisted document (<c>sha256:&lt;hex&gt;</c>) sent instead of <see cref="Query"/>.
/// </summary>
public sealed record GraphQLHttpRequest(
    string? Query,
    string? OperationName,
    Inputs? Variables,
    Inputs? Extensions,
    string? DocumentId = null);
