using Gateway.Sources.Common.Validation;

namespace Gateway.Sources.Common.Http;

/// <summary>
/// In front of the resilience pipeline: checks that every header value is sendable and serialises the body, so
/// a request that cannot be written fails here, as the request's fault, instead of inside the pipeline, where the
/// failure would be retried and counted by the circuit breaker as the upstream's.
/// </summary>
public sealed class UpstreamRequestGuardHandler : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        CheckHeaders(request.Headers.NonValidated);
        if (request.Content is { } content)
        {
            CheckHeaders(content.Headers.NonValidated);
            try
            {
                // Retries resend the same content, so buffering it once here costs nothing extra.
                await content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                throw new InvalidUpstreamRequestException("body", ex);
            }
        }
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    private static void CheckHeaders(System.Net.Http.Headers.HttpHeadersNonValidated headers)
    {
        foreach (var (name, values) in headers)
        {
            foreach (var value in values)
            {
                if (UpstreamInput.FirstUnsafeHeaderCharacter(value) >= 0)
                {
                    throw new InvalidUpstreamRequestException($"header '{name}'");
                }
            }
        }
    }
}
