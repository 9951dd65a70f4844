using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Gateway.Sources.Common.Errors;
using Polly.CircuitBreaker;
using Polly.RateLimiting;
using Polly.Timeout;

namespace Gateway.Sources.Common.Http;

/// <summary>
/// The one place where an upstream HTTP exchange turns into data or a typed <see cref="GatewayError"/>.
/// Messages name the source and the status, never the URL or the upstream's body.
/// </summary>
public static class UpstreamHttp
{
    /// <summary>Sends <paramref name="request"/>; transport failures and timeouts become gateway errors.</summary>
    public static async Task<HttpResponseMessage> SendAsync(
        HttpClient client, HttpRequestMessage request, string source, CancellationToken cancellationToken)
    {
        Caching.ResponseFreshness.UpstreamCall();
        try
        {
            return await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (InvalidUpstreamRequestException ex)
        {
            throw new BadUserInputError($"The input cannot be sent to the {source} upstream (its {ex.Part} cannot carry it).", source);
        }
        catch (BrokenCircuitException ex)
        {
            // Refused before any attempt, so no attempt records it: the trace says so here.
            Telemetry.RequestTrace.Call(source, request, null, TimeSpan.Zero, 0, "open", "circuit open");
            throw new UpstreamUnavailableError(source, ex);
        }
        catch (RateLimiterRejectedException ex)
        {
            Telemetry.RequestTrace.Call(source, request, null, TimeSpan.Zero, 0, null, "too many concurrent calls");
            throw new UpstreamUnavailableError(source, ex);
        }
        catch (TimeoutRejectedException ex)
        {
            throw new UpstreamTimeoutError(source, ex);
        }
        catch (OperationCanceledException ex)
        {
            // Not our caller's cancellation: a timeout inside the client or its resilience pipeline.
            throw new UpstreamTimeoutError(source, ex);
        }
        catch (TimeoutException ex)
        {
            throw new UpstreamTimeoutError(source, ex);
        }
        catch (HttpRequestException ex)
        {
            throw new UpstreamError(source, $"The {source} upstream could not be reached.", ex);
        }
    }

    /// <summary>Reads a successful JSON response; any other status is an <see cref="UpstreamError"/>.</summary>
    public static async Task<T> ReadJsonAsync<T>(
        HttpResponseMessage response, JsonTypeInfo<T> typeInfo, string source, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw StatusError(response.StatusCode, source);
        }
        try
        {
            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            return await JsonSerializer.DeserializeAsync(stream, typeInfo, cancellationToken).ConfigureAwait(false)
                ?? throw new UpstreamError(source, $"The {source} upstream answered with an empty body.");
        }
        catch (JsonException ex)
        {
            throw new UpstreamError(source, $"The {source} upstream answered with an unreadable body.", ex);
        }
    }

    /// <summary>The error for an unexpected status from <paramref name="source"/>.</summary>
    public static GatewayError StatusError(HttpStatusCode status, string source) =>
        new UpstreamError(source, $"The {source} upstream failed (HTTP {(int)status}).");
}
