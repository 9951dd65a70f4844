using Microsoft.Extensions.Options;

namespace Gateway.Security.Cors;

/// <summary>
/// The one decision about a request's <c>Origin</c>, shared by CORS for HTTP and by the WebSocket and SSE transports
/// (which browsers let any page open, so the server must refuse foreign origins itself: cross-site WebSocket hijacking).
/// A request without <c>Origin</c> (not from a browser page) and a same-origin request (the playground) are allowed.
/// </summary>
public sealed class OriginPolicy(IOptions<GatewayCorsOptions> options, IHostEnvironment environment)
{
    private readonly HashSet<string> _allowed = new(options.Value.AllowedOrigins.Select(Normalise), StringComparer.OrdinalIgnoreCase);
    private readonly bool _localhostByDefault = options.Value.AllowedOrigins.Length == 0 && environment.IsDevelopment();

    /// <summary>Whether a page on <paramref name="origin"/> may use the gateway (CORS and the CORS-less transports alike).</summary>
    public bool IsAllowed(string origin) =>
        _allowed.Contains(Normalise(origin))
        || (_localhostByDefault && Uri.TryCreate(origin, UriKind.Absolute, out var uri) && uri.IsLoopback && uri.Host is "localhost" or "127.0.0.1" or "[::1]");

    /// <summary>Whether <paramref name="request"/> may proceed: no Origin, the gateway's own origin, or an allowed one.</summary>
    public bool Permits(HttpRequest request)
    {
        var origin = request.Headers.Origin.ToString();
        return origin.Length == 0 || IsSameOrigin(request, origin) || IsAllowed(origin);
    }

    private static bool IsSameOrigin(HttpRequest request, string origin) =>
        string.Equals(Normalise(origin), Normalise($"{request.Scheme}://{request.Host}"), StringComparison.OrdinalIgnoreCase);

    private static string Normalise(string origin) => origin.Trim().TrimEnd('/');
}
