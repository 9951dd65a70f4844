using System.Net;
using System.Net.Sockets;
using Gateway.Sources.Common.Http;
using Polly;
using Polly.Timeout;

namespace Gateway.Sources.Common.Resilience;

/// <summary>
/// The one place that decides whether a failed attempt is the upstream's fault (it may be retried, and it counts
/// towards opening the circuit) or the request's (never retried, never counted). Every source's pipeline uses it.
/// </summary>
public static class UpstreamFailures
{
    /// <summary>Whether <paramref name="outcome"/> of one attempt is a failure of the upstream or the way to it.</summary>
    public static bool IsUpstreamFault(Outcome<HttpResponseMessage> outcome) =>
        outcome.Exception is { } exception ? IsUpstreamFault(exception) : outcome.Result is { } response && IsUpstreamFault(response.StatusCode);

    /// <summary>Server errors, request timeouts and throttling: statuses that say the upstream, not the request, failed.</summary>
    public static bool IsUpstreamFault(HttpStatusCode status) =>
        (int)status >= 500 || status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests;

    /// <summary>
    /// Transport failures and timeouts are the upstream's. An exception raised while the request was being written
    /// (a header or body that cannot be encoded) is the request's, whatever type it has.
    /// </summary>
    public static bool IsUpstreamFault(Exception exception) => exception switch
    {
        InvalidUpstreamRequestException => false,
        TimeoutRejectedException => true,
        // The client sets a category for failures of the connection or the response; Unknown is also used for
        // requests it refused to write, which are ours, unless the network below it failed.
        HttpRequestException http => http.HttpRequestError != HttpRequestError.Unknown
            || http.InnerException is IOException or SocketException,
        _ => false,
    };
}
