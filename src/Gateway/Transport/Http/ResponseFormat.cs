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

    /// <summary><c>multipart/mixed;subscriptionSpec=1.0</c>: Apollo's multipart HTTP subscriptions (Apollo Client's HttpLink).</summary>
    MultipartSubscription,

    /// <summary><c>multipart/mixed</c>: incremental delivery (<c>@defer</c>, <c>@stream</c>), one part per payload.</summary>
    MultipartMixed,
}

/// <summary>Accept-header negotiation for <see cref="ResponseFormat"/>.</summary>
public static class ResponseFormats
{
    public const string GraphQLResponseJsonMediaType = "application/graphql-response+json";
    public const string JsonMediaType = "application/json";
    public const string EventStreamMediaType = "text/event-stream";
    public const string MultipartMediaType = "multipart/mixed";

    /// <summary>
    /// What the client accepts, per RFC 9110: the best JSON format (<c>application/json</c> when Accept is absent or
    /// only a wildcard, <c>application/graphql-response+json</c> when named and not rated below <c>application/json</c>)
    /// and whether, and how much, it wants an event stream (named explicitly; a wildcard never turns a request into a
    /// stream). Null when nothing acceptable is offered (406).
    /// </summary>
    public static AcceptedFormats? Negotiate(IList<string> acceptHeaders)
    {
        if (acceptHeaders.Count == 0 || !MediaTypeHeaderValue.TryParseList(acceptHeaders, out var ranges))
        {
            // No Accept (or one that cannot be read, treated as absent rather than punished) is a client that predates
            // the spec's own media type: it gets application/json, as the graphql-http audit's SHOULD says and the
            // spec allows (a server picks the type when the client names none).
            return new AcceptedFormats(ResponseFormat.Json, StreamAcceptable: false, StreamPreferred: false, Subscriptions: null);
        }

        ResponseFormat? json = null;
        Gateway.Execution.Incremental.IncrementalFormat? incremental = null;
        double jsonQuality = 0, streamQuality = 0, multipartQuality = 0, incrementalQuality = 0;
        int jsonPosition = int.MaxValue, streamPosition = int.MaxValue, multipartPosition = int.MaxValue;
        for (var position = 0; position < ranges.Count; position++)
        {
            var range = ranges[position];
            var quality = range.Quality ?? 1.0;
            if (quality <= 0)
            {
                continue;
            }
            switch (range.MediaType.Value?.ToLowerInvariant())
            {
                case EventStreamMediaType when quality > streamQuality:
                    (streamQuality, streamPosition) = (quality, position);
                    break;
                // Only with the subscription protocol named: multipart/mixed alone (or with deferSpec) is not it.
                case MultipartMediaType when quality > multipartQuality
                    && range.Parameters.Any(p => p.Name.Equals("subscriptionSpec", StringComparison.OrdinalIgnoreCase) && p.Value.ToString().Trim('"') == "1.0"):
                    (multipartQuality, multipartPosition) = (quality, position);
                    break;
                // Without it, multipart/mixed is incremental delivery. The current RFC's format (graphql-js 17's) goes to a
                // client that names it, as Apollo Client's GraphQL17Alpha9Handler does (incrementalSpec=v0.2; Apollo
                // Server's incrementalDeliverySpec); the 2022 draft to one that names it (deferSpec=20220824) and to a bare
                // multipart/mixed, which is what clients written before the current RFC send (urql merges streamed items
                // by the index the 2022 draft puts in the path).
                case MultipartMediaType when quality > incrementalQuality
                    && !range.Parameters.Any(p => p.Name.Equals("subscriptionSpec", StringComparison.OrdinalIgnoreCase)):
                    incrementalQuality = quality;
                    incremental = range.Parameters.Any(p => p.Name.Equals("incrementalSpec", StringComparison.OrdinalIgnoreCase)
                            || p.Name.Equals("incrementalDeliverySpec", StringComparison.OrdinalIgnoreCase))
                        ? Gateway.Execution.Incremental.IncrementalFormat.Current
                        : Gateway.Execution.Incremental.IncrementalFormat.Defer20220824;
                    break;
                case GraphQLResponseJsonMediaType or "*/*" or "application/*" or JsonMediaType:
                    // A client that takes anything takes multipart/mixed too: a document with @defer or @stream is
                    // delivered incrementally to it (Banana Cake Pop sends */* and reads multipart answers).
                    if (range.MediaType.Value == "*/*" && quality > incrementalQuality)
                    {
                        (incrementalQuality, incremental) = (quality, Gateway.Execution.Incremental.IncrementalFormat.Defer20220824);
                    }
                    // A wildcard names no GraphQL media type: like no Accept, it gets application/json.
                    var format = range.MediaType.Value.Equals(GraphQLResponseJsonMediaType, StringComparison.OrdinalIgnoreCase)
                        ? ResponseFormat.GraphQLResponseJson
                        : ResponseFormat.Json;
                    if (quality > jsonQuality)
                    {
                        (json, jsonQuality, jsonPosition) = (format, quality, position);
                    }
                    else if (quality == jsonQuality && format == ResponseFormat.GraphQLResponseJson)
                    {
                        // Between the JSON types, a tie goes to the spec's own media type, wherever it was listed.
                        json = format;
                    }
                    break;
            }
        }
        var streamAcceptable = streamQuality > 0;
        if (json is null && !streamAcceptable && multipartQuality <= 0 && incremental is null)
        {
            return null;
        }
        // A subscription goes over the stream the client rates higher, or lists first.
        ResponseFormat? subscriptions = multipartQuality > streamQuality || (multipartQuality > 0 && multipartQuality == streamQuality && multipartPosition < streamPosition)
            ? ResponseFormat.MultipartSubscription
            : streamAcceptable ? ResponseFormat.EventStream : null;
        // Order breaks ties between equal qualities: urql lists text/event-stream after the JSON types and wants JSON.
        var streamPreferred = streamAcceptable
            && (json is null || streamQuality > jsonQuality || (streamQuality == jsonQuality && streamPosition < jsonPosition));
        return new AcceptedFormats(json, streamAcceptable, streamPreferred, subscriptions) { Incremental = incremental };
    }

    public static string ContentType(this ResponseFormat format) => format switch
    {
        ResponseFormat.Json => "application/json; charset=utf-8",
        ResponseFormat.EventStream => Streaming.StreamFraming.ServerSentEvents.ContentType,
        ResponseFormat.MultipartSubscription => Streaming.StreamFraming.MultipartSubscription.ContentType,
        ResponseFormat.MultipartMixed => Streaming.StreamFraming.MultipartMixed(Gateway.Execution.Incremental.IncrementalFormat.Current).ContentType,
        _ => "application/graphql-response+json; charset=utf-8",
    };
}

/// <summary>
/// What a request's Accept allows; the operation decides between JSON and an event stream. <paramref name="Subscriptions"/>
/// is the stream a subscription goes over (SSE or multipart), if any is acceptable.
/// </summary>
public readonly record struct AcceptedFormats(ResponseFormat? Json, bool StreamAcceptable, bool StreamPreferred, ResponseFormat? Subscriptions)
{
    /// <summary>The format of an answer that is not a stream (refusals, errors before execution).</summary>
    public ResponseFormat ForErrors => Json ?? ResponseFormat.GraphQLResponseJson;

    /// <summary>
    /// Subscriptions stream whenever a stream is acceptable; queries and mutations stream (over SSE) only when the
    /// client prefers a stream to every JSON type it accepts (or accepts no JSON but an event stream).
    /// </summary>
    public ResponseFormat For(GraphQLParser.AST.OperationType? operation) =>
        operation == GraphQLParser.AST.OperationType.Subscription
            ? Subscriptions ?? ForErrors
            : StreamPreferred || (Json is null && StreamAcceptable) ? ResponseFormat.EventStream
            : Json is null && Incremental is not null ? ResponseFormat.MultipartMixed
            : ForErrors;

    /// <summary>
    /// The incremental delivery format multipart/mixed is accepted in, if it is: a document with <c>@defer</c> or
    /// <c>@stream</c> goes over it whenever it is acceptable (else over SSE, else whole as JSON, executed in place).
    /// </summary>
    public Gateway.Execution.Incremental.IncrementalFormat? Incremental { get; init; }

    /// <summary>The format of an operation whose document uses <c>@defer</c> or <c>@stream</c> when <paramref name="incremental"/>.</summary>
    public ResponseFormat For(GraphQLParser.AST.OperationType? operation, bool incremental) =>
        !incremental || operation == GraphQLParser.AST.OperationType.Subscription ? For(operation)
        : Incremental is not null ? ResponseFormat.MultipartMixed
        : StreamAcceptable ? ResponseFormat.EventStream
        : ForErrors;
}
