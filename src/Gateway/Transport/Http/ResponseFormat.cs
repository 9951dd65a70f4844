using Microsoft.Net.Http.Headers;

namespace Gateway.Transport.Http;

/// <summary>The response media types of GraphQL over HTTP, chosen from the request's Accept header.</summary>
public enum ResponseFormat
{
    /// <summary><c>application/graphql-response+json</c>: status codes follow the outcome (400 before execution).</summary>
    GraphQLResponseJson,

    /// <summary><c>application/json</c>: the legacy format, 200 for every well-formed request.</summary>
    Json,

    /// <summary><c>text/event-stream</c>: GraphQL over SSE (distinct connections mode), for subscriptions and more.</summary>
    EventStream,
}

/// <summary>Accept-header negotiation for <see cref="ResponseFormat"/>.</summary>
public static class ResponseFormats
{
    public const string GraphQLResponseJsonMediaType = "application/graphql-response+json";
    public const string JsonMediaType = "application/json";
    public const string EventStreamMediaType = "text/event-stream";

    /// <summary>
    /// The best format the client accepts; <c>application/graphql-response+json</c> when Accept is absent, a
    /// wildcard, or ties with <c>application/json</c>. Null when nothing acceptable is offered (406).
    /// </summary>
    public static ResponseFormat? Negotiate(IList<string> acceptHeaders)
    {
        if (acceptHeaders.Count == 0)
        {
            return ResponseFormat.GraphQLResponseJson;
        }
        if (!MediaTypeHeaderValue.TryParseList(acceptHeaders, out var ranges))
        {
            // An unreadable Accept header is treated as absent rather than punished.
            return ResponseFormat.GraphQLResponseJson;
        }

        ResponseFormat? best = null;
        var bestQuality = 0.0;
        foreach (var range in ranges)
        {
            var quality = range.Quality ?? 1.0;
            if (quality <= 0)
            {
                continue;
            }
            ResponseFormat? format = range.MediaType.Value?.ToLowerInvariant() switch
            {
                GraphQLResponseJsonMediaType or "*/*" or "application/*" => ResponseFormat.GraphQLResponseJson,
                JsonMediaType => ResponseFormat.Json,
                // Asked for by name only: a wildcard never turns a request into a stream.
                EventStreamMediaType => ResponseFormat.EventStream,
                _ => null,
            };
            if (format is null)
            {
                continue;
            }
            if (format == ResponseFormat.EventStream)
            {
                // A client that accepts an event stream is an SSE client; the stream carries GraphQL responses.
                return ResponseFormat.EventStream;
            }
            if (quality > bestQuality || (quality == bestQuality && format == ResponseFormat.GraphQLResponseJson))
            {
                best = format;
                bestQuality = quality;
            }
        }
        return best;
    }

    public static string ContentType(this ResponseFormat format) => format switch
    {
        ResponseFormat.Json => "application/json; charset=utf-8",
        ResponseFormat.EventStream => "text/event-stream; charset=utf-8",
        _ => "application/graphql-response+json; charset=utf-8",
    };
}
