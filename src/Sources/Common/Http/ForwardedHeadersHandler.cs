using Gateway.Sources.Common.Options;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Gateway.Sources.Common.Http;

/// <summary>
/// Copies the caller's headers that a source allows (<c>Sources:&lt;Name&gt;:ForwardHeaders</c>) onto each request
/// to that upstream, and the caller's <c>Authorization</c> only to a source marked <c>FirstParty</c>. Nothing else
/// of the caller's request travels: no cookies, no hop-by-hop headers, no Host, no client-sent forwarding headers.
/// Requests made outside a client request (the weather poller) forward nothing.
/// </summary>
public sealed class ForwardedHeadersHandler(IHttpContextAccessor http, SourceOptions source) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (http.HttpContext?.Request.Headers is { } incoming)
        {
            foreach (var name in source.ForwardHeaders)
            {
                Forward(incoming, name, request);
            }
            if (source.FirstParty)
            {
                Forward(incoming, HeaderNames.Authorization, request);
            }
        }
        return base.SendAsync(request, cancellationToken);
    }

    private static void Forward(IHeaderDictionary incoming, string name, HttpRequestMessage request)
    {
        // Headers the gateway's own client code set (an idempotency key, SOAPAction) win over the caller's.
        if (incoming.TryGetValue(name, out var values) && values.Count > 0 && !request.Headers.Contains(name))
        {
            request.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
            // What the upstream answers may now be this caller's own: an HTTP cache must keep it private.
            Caching.ResponseFreshness.CallerHeaderForwarded();
        }
    }

    /// <summary>Headers no configuration may forward.</summary>
    public static bool IsNeverForwarded(string name) =>
        NeverForwarded.Contains(name)
        || name.StartsWith("X-Forwarded-", StringComparison.OrdinalIgnoreCase)
        || name.StartsWith("Proxy-", StringComparison.OrdinalIgnoreCase)
        || name.StartsWith("Sec-", StringComparison.OrdinalIgnoreCase)
        || name.StartsWith(':');

    private static readonly HashSet<string> NeverForwarded = new(StringComparer.OrdinalIgnoreCase)
    {
        // Hop-by-hop (RFC 9110 §7.6.1) and framing: they describe this connection, not the request.
        "Connection", "Keep-Alive", "TE", "Trailer", "Transfer-Encoding", "Upgrade", "Content-Length", "Content-Type", "Content-Encoding", "Expect",
        // Identity and routing that belong to the gateway's own hop.
        "Host", "Cookie", "Forwarded", "X-Real-IP", "Via",
        // Authorization has its own switch (FirstParty), so it cannot be forwarded to a third party by listing it.
        "Authorization",
    };
}
