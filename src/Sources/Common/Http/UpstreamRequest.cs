namespace Gateway.Sources.Common.Http;

/// <summary>
/// Marks requests that may be sent more than once. GET and HEAD always may; a POST only when the client that
/// builds it knows it is a read (SOAP, batch lookups) or carries an idempotency key.
/// </summary>
public static class UpstreamRequest
{
    private static readonly HttpRequestOptionsKey<bool> RetrySafeKey = new("gateway.retry-safe");

    public static void MarkRetrySafe(HttpRequestMessage request) => request.Options.Set(RetrySafeKey, true);

    public static bool IsRetrySafe(HttpRequestMessage? request) =>
        request is not null
        && (request.Method == HttpMethod.Get || request.Method == HttpMethod.Head
            || (request.Options.TryGetValue(RetrySafeKey, out var safe) && safe));
}
