using System.Buffers;
using System.Text.Json;
using Gateway.Hosting;
using Gateway.Schema;
using Gateway.Security.Authentication;
using Gateway.Sources.Common.Authorization;
using Gateway.Sources.Common.Caching;
using Microsoft.AspNetCore.Authentication;
using GraphQL;
using GraphQLParser.AST;
using Microsoft.Extensions.Options;
using Gateway.Transport.Streaming;
using Gateway.Transport.WebSockets;
using Microsoft.Net.Http.Headers;
using Gateway.Transport.Errors;

namespace Gateway.Transport.Http;

/// <summary>
/// GraphQL over HTTP (graphql.github.io/graphql-over-http): POST with a JSON body, GET with URL parameters for
/// queries, Accept negotiation between the two response media types, and the status codes the spec gives each.
/// </summary>
public sealed class GraphQLHttpEndpoint(
    GatewayExecutor executor,
    IGraphQLSerializer serializer,
    GraphQLRequestReader reader,
    GraphQLWebSocketEndpoint webSockets,
    StreamedResponses streams,
    EventStreamSessions sessions,
    IOptions<GatewayOptions> options,
    IOptions<Gateway.Security.OperationLimitsOptions> limits,
    UnhandledErrors unhandledErrors,
    Gateway.Security.Cors.OriginPolicy origins,
    IHostEnvironment environment,
    ILogger<GraphQLHttpEndpoint> logger)
{
    /// <summary>The request header that asks for <c>extensions.trace</c> (honoured in Development, or for a token with <see cref="TraceScope"/>).</summary>
    public const string TraceHeader = "X-Gateway-Trace";

    public const string TraceScope = "gateway:trace";

    private readonly long _maxRequestBytes = options.Value.MaxRequestBytes;
    private readonly int _maxUrlBytes = options.Value.MaxUrlBytes;
    private readonly int _maxBatchSize = limits.Value.MaxBatchSize;
    private readonly int _maxCost = limits.Value.MaxCost;

    public async Task HandleAsync(HttpContext context)
    {
        // No token is anonymous; a token that does not validate is refused, for every transport (WebSocket
        // upgrades and SSE included), rather than quietly treated as anonymous.
        if ((await context.AuthenticateAsync().ConfigureAwait(false)).Failure is { } failure)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\"";
            await WriteRequestErrorAsync(context, ResponseFormats.Negotiate(context.Request.Headers.Accept)?.ForErrors ?? ResponseFormat.Json,
                new UnauthenticatedRequestError(BearerTokens.Describe(failure))).ConfigureAwait(false);
            return;
        }

        if (context.WebSockets.IsWebSocketRequest)
        {
            await webSockets.HandleAsync(context).ConfigureAwait(false);
            return;
        }

        var accepted = ResponseFormats.Negotiate(context.Request.Headers.Accept);
        try
        {
            if (await RespondAsync(context, accepted).ConfigureAwait(false) is { } refusal)
            {
                await WriteRequestErrorAsync(context, accepted?.ForErrors ?? ResponseFormat.Json, refusal).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client left; there is nobody to answer.
        }
        catch (Exception ex) when (!context.Response.HasStarted)
        {
            // A fault of the gateway, not the client's: 500, with the correlation id of the log entry.
            var error = unhandledErrors.Report(ex, "(transport)");
            await WriteRequestErrorAsync(context, accepted?.ForErrors ?? ResponseFormat.Json,
                new InternalRequestError(error.Code!, error.Message), error.CorrelationId).ConfigureAwait(false);
        }
    }

    /// <summary>Answers the request, or says why it is refused (then nothing has been written).</summary>
    private async Task<RequestError?> RespondAsync(HttpContext context, AcceptedFormats? accepted)
    {
        if (EventStreamSessions.Handles(context.Request))
        {
            return await HandleStreamSessionAsync(context, accepted).ConfigureAwait(false);
        }
        if (accepted is null)
        {
            return new NotAcceptableError($"Accept must allow {ResponseFormats.GraphQLResponseJsonMediaType}, {ResponseFormats.JsonMediaType}, {ResponseFormats.EventStreamMediaType} or {ResponseFormats.MultipartMediaType}.");
        }
        if (context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestFeature>()?.RawTarget is { } target
            && target.Length > _maxUrlBytes)
        {
            return new UriTooLongError($"The URL is longer than {_maxUrlBytes} bytes; send long documents with POST or as persisted documents.");
        }
        if ((await ReadRequestAsync(context).ConfigureAwait(false)).Refused(out var refusal, out var read))
        {
            return refusal;
        }
        return read.IsBatch
            ? await ExecuteBatchAsync(context, read.Requests).ConfigureAwait(false)
            : await ExecuteAsync(context, read.Requests[0], accepted.Value).ConfigureAwait(false);
    }

    /// <summary>graphql-sse's single connection mode: reserve (PUT), open the stream, send an operation to it, stop one (DELETE).</summary>
    private async Task<RequestError?> HandleStreamSessionAsync(HttpContext context, AcceptedFormats? accepted)
    {
        var request = context.Request;
        if (HttpMethods.IsPut(request.Method))
        {
            await sessions.ReserveAsync(context).ConfigureAwait(false);
            return null;
        }
        if (EventStreamSessions.TokenOf(request) is not { } token)
        {
            return new StreamNotFoundError($"No stream: send its token in {EventStreamSessions.TokenHeader}.");
        }
        if (HttpMethods.IsDelete(request.Method))
        {
            return await sessions.StopAsync(context, token).ConfigureAwait(false);
        }
        if (accepted is { StreamAcceptable: true, Json: null })
        {
            return origins.Permits(request)
                ? await sessions.OpenAsync(context, token).ConfigureAwait(false)
                : new OriginNotAllowedError("This origin may not open event streams here.");
        }
        if ((await ReadRequestAsync(context).ConfigureAwait(false)).Refused(out var refusal, out var read))
        {
            return refusal;
        }
        return read.IsBatch
            ? new InvalidRequestError("Operations on a stream are sent one at a time.")
            : await sessions.StartAsync(context, token, read.Requests[0]).ConfigureAwait(false);
    }

    private async Task<Refusable<(IReadOnlyList<GraphQLHttpRequest> Requests, bool IsBatch)>> ReadRequestAsync(HttpContext context)
    {
        var http = context.Request;
        if (HttpMethods.IsGet(http.Method))
        {
            return reader.ReadQueryString(http.Query).Refused(out var refusal, out var request)
                ? refusal
                : ([request], false);
        }
        if (!HttpMethods.IsPost(http.Method))
        {
            context.Response.Headers.Allow = "GET, POST, PUT, DELETE";
            return new MethodNotAllowedError("GraphQL requests use GET or POST (PUT and DELETE reserve and stop event streams).");
        }

        if (!IsJsonContentType(http.ContentType))
        {
            return new UnsupportedMediaTypeError("POST requests must have Content-Type: application/json (UTF-8).");
        }
        if (http.ContentLength > _maxRequestBytes)
        {
            return TooLarge();
        }

        var body = http.BodyReader;
        while (true)
        {
            var read = await body.ReadAsync(context.RequestAborted).ConfigureAwait(false);
            var buffer = read.Buffer;
            if (buffer.Length > _maxRequestBytes)
            {
                body.AdvanceTo(buffer.End);
                return TooLarge();
            }
            if (read.IsCompleted || read.IsCanceled)
            {
                try
                {
                    return reader.ReadBodyOrBatch(buffer);
                }
                finally
                {
                    body.AdvanceTo(buffer.End);
                }
            }
            body.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    /// <summary>
    /// Only <c>application/json</c> (UTF-8) bodies are GraphQL requests. Refusing the content types an HTML form
    /// or a "simple" cross-site request can send (<c>text/plain</c>, form encodings) closes the CSRF path
    /// that needs no CORS preflight.
    /// </summary>
    private static bool IsJsonContentType(string? contentType) =>
        contentType is not null
        && MediaTypeHeaderValue.TryParse(contentType, out var mediaType)
        && string.Equals(mediaType.MediaType.Value, ResponseFormats.JsonMediaType, StringComparison.OrdinalIgnoreCase)
        && (!mediaType.Charset.HasValue || string.Equals(mediaType.Charset.Value, "utf-8", StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Whether the request asked for a trace and may have one: what a trace shows (keys, upstream paths, timings) is
    /// for the people writing sources, so outside Development only a token with the scope gets it; others are
    /// answered as if they had not asked.
    /// </summary>
    private bool Traced(HttpContext context) =>
        context.Request.Headers[TraceHeader] == "1" && (environment.IsDevelopment() || context.User.HasScope(TraceScope));

    private PayloadTooLargeError TooLarge() => new($"The request body is larger than the limit of {_maxRequestBytes} bytes.");

    private async Task<RequestError?> ExecuteAsync(HttpContext context, GraphQLHttpRequest request, AcceptedFormats accepted)
    {
        if ((await executor.PrepareAsync(request, context.RequestAborted).ConfigureAwait(false)).Refused(out var refusal, out var parsed))
        {
            return refusal;
        }
        var operation = parsed.Operation;
        var format = accepted.For(operation?.Operation, parsed.Document?.UsesIncrementalDelivery == true);
        var streamed = format is ResponseFormat.EventStream or ResponseFormat.MultipartSubscription or ResponseFormat.MultipartMixed;
        if (streamed && !origins.Permits(context.Request))
        {
            // An event stream is read as it arrives; a foreign page must not open one even where CORS would only
            // hide the answer from it afterwards.
            return new OriginNotAllowedError("This origin may not open event streams here.");
        }
        if (operation is not null)
        {
            if (operation.Operation == OperationType.Mutation && HttpMethods.IsGet(context.Request.Method))
            {
                context.Response.Headers.Allow = "POST";
                return new MethodNotAllowedError("Mutations must be sent with POST.");
            }
            if (operation.Operation == OperationType.Subscription && !streamed)
            {
                return new InvalidRequestError("Subscriptions are served over WebSocket (graphql-transport-ws), Server-Sent Events (Accept: text/event-stream) or multipart HTTP (Accept: multipart/mixed;subscriptionSpec=\"1.0\").");
            }
        }

        // A GET (a query, persisted or not) may be cached by browsers and CDNs: its freshness is followed as it runs.
        var freshness = HttpMethods.IsGet(context.Request.Method) && !streamed ? ResponseFreshness.Start() : null;
        var incremental = format switch
        {
            ResponseFormat.MultipartMixed => accepted.Incremental,
            ResponseFormat.EventStream => Gateway.Execution.Incremental.IncrementalFormat.Current,
            _ => (Gateway.Execution.Incremental.IncrementalFormat?)null,
        };
        var result = await executor.ExecuteAsync(parsed, context.RequestServices, context.User, null, context.RequestAborted, trace: Traced(context),
            incremental: incremental).ConfigureAwait(false);

        if (streamed)
        {
            // graphql-sse's reference server streams a document's validation errors as a next event (and then
            // complete), so its client reports them instead of retrying what it takes for a network error; a document
            // that does not parse is a 400, as there.
            if (result.Executed || format == ResponseFormat.EventStream && result.Errors?.Any(e => e is GraphQL.Execution.SyntaxError) != true)
            {
                await streams.WriteAsync(context, result, format switch
                {
                    ResponseFormat.MultipartSubscription => StreamFraming.MultipartSubscription,
                    ResponseFormat.MultipartMixed => StreamFraming.MultipartMixed(accepted.Incremental!.Value),
                    _ => StreamFraming.ServerSentEvents,
                }).ConfigureAwait(false);
                return null;
            }
            // Nothing to stream: the request failed before execution, and says why as GraphQL over HTTP would.
            format = ResponseFormat.GraphQLResponseJson;
        }

        // With graphql-response+json, a request that never started executing (syntax, validation or variable
        // coercion errors) is the client's fault: 400. The legacy json format always answers 200.
        context.Response.StatusCode = format == ResponseFormat.GraphQLResponseJson && !result.Executed
            ? StatusCodes.Status400BadRequest
            : StatusCodes.Status200OK;
        context.Response.ContentType = format.ContentType();
        if (freshness is not null)
        {
            await WriteCacheableAsync(context, result, freshness).ConfigureAwait(false);
            return null;
        }
        await serializer.WriteAsync(context.Response.Body, result, context.RequestAborted).ConfigureAwait(false);
        return null;
    }

    /// <summary>
    /// A GET answer with what HTTP caches need: <c>Cache-Control</c> from the freshness of the entities it was built
    /// from (<c>max-age</c> the smallest remaining TTL; <c>private</c> when the caller's token or headers may have shaped
    /// it; <c>no-cache</c> when part of it has no known freshness; <c>no-store</c> with errors or stale data), and an
    /// <c>ETag</c> of its bytes, so a repeated request with <c>If-None-Match</c> is a <c>304</c> without a body.
    /// </summary>
    private async Task WriteCacheableAsync(HttpContext context, GraphQL.ExecutionResult result, ResponseFreshness freshness)
    {
        var response = context.Response;
        var personal = freshness.Personal || context.Request.Headers.Authorization.Count > 0;
        var storable = result.Executed && result.Errors is not { Count: > 0 } && !freshness.Stale && response.StatusCode == StatusCodes.Status200OK;
        response.Headers.CacheControl = !storable ? "no-store"
            : freshness.Unknown || freshness.Remaining is not { } remaining ? (personal ? "private, no-cache" : "no-cache")
            : $"{(personal ? "private" : "public")}, max-age={(long)Math.Max(0, Math.Floor(remaining.TotalSeconds))}";
        // The answer differs by the format asked for and, for a private one, by the caller.
        response.Headers.Vary = "Accept, Authorization";
        using var body = new MemoryStream();
        await serializer.WriteAsync(body, result, context.RequestAborted).ConfigureAwait(false);
        if (storable)
        {
            var tag = "\"" + Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(body.GetBuffer().AsSpan(0, (int)body.Length)), 0, 18)
                .Replace('+', '-').Replace('/', '_') + "\"";
            response.Headers.ETag = tag;
            if (EntityTagHeaderValue.TryParseList(context.Request.Headers.IfNoneMatch, out var asked)
                && asked.Any(candidate => candidate.Equals(EntityTagHeaderValue.Any) || candidate.Compare(new EntityTagHeaderValue(tag), useStrongComparison: false)))
            {
                response.StatusCode = StatusCodes.Status304NotModified;
                response.ContentType = null;
                return;
            }
        }
        response.ContentLength = body.Length;
        await response.Body.WriteAsync(body.GetBuffer().AsMemory(0, (int)body.Length), context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>
    /// A batch (a JSON array of requests, as Apollo's BatchHttpLink and graphql-request's batchRequests send): refused
    /// whole past <c>Gateway:Limits:MaxBatchSize</c>, before anything runs; otherwise its operations run one after
    /// another in this request's scope, so they share its DataLoaders (customers one operation loaded are not fetched
    /// again for the next), one deadline and one cost budget, and are answered as an array in their order.
    /// </summary>
    private async Task<RequestError?> ExecuteBatchAsync(HttpContext context, IReadOnlyList<GraphQLHttpRequest> requests)
    {
        if (requests.Count > _maxBatchSize)
        {
            return new MaxBatchSizeExceededError(_maxBatchSize == 1
                ? "This gateway does not accept batched requests; send one operation per request."
                : $"The batch has {requests.Count} operations; at most {_maxBatchSize} are allowed.");
        }
        executor.StartDeadline(context.RequestServices, context.RequestAborted);
        var userContext = new Dictionary<string, object?> { [Gateway.Security.OperationCostRule.BudgetKey] = new Gateway.Security.CostBudget(_maxCost) };
        var results = new List<ExecutionResult>(requests.Count);
        foreach (var request in requests)
        {
            var prepared = await executor.PrepareAsync(request, context.RequestAborted).ConfigureAwait(false);
            var refusal = prepared.Refusal
                ?? (prepared.Value.Operation?.Operation == OperationType.Subscription ? new InvalidRequestError("Subscriptions cannot be batched.") : null);
            // One refused operation (an unknown persisted hash, say) is that item's answer; the others still run.
            results.Add(refusal is not null
                ? new ExecutionResult { Errors = [new ExecutionError(refusal.Message) { Code = refusal.Code }] }
                : await executor.ExecuteAsync(prepared.Value, context.RequestServices, context.User, userContext, context.RequestAborted,
                    inBatch: true, trace: Traced(context)).ConfigureAwait(false));
        }
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = ResponseFormat.Json.ContentType();
        await serializer.WriteAsync(context.Response.Body, results, context.RequestAborted).ConfigureAwait(false);
        return null;
    }

    private async Task WriteRequestErrorAsync(HttpContext context, ResponseFormat format, RequestError error, string? correlationId = null)
    {
        logger.LogDebug("Refused GraphQL request: {Status} {Code}", error.StatusCode, error.Code);
        if (format is ResponseFormat.EventStream or ResponseFormat.MultipartSubscription or ResponseFormat.MultipartMixed)
        {
            // Nothing was streamed: the refusal is a GraphQL response, as for a request that fails validation.
            format = ResponseFormat.GraphQLResponseJson;
        }
        context.Response.StatusCode = error.StatusCode;
        context.Response.ContentType = format.ContentType();
        var writer = new Utf8JsonWriter(context.Response.Body, GatewayJson.WriterOptions);
        await using var disposeWriter = writer.ConfigureAwait(false);
        writer.WriteStartObject();
        writer.WriteStartArray("errors");
        writer.WriteStartObject();
        writer.WriteString("message", error.Message);
        writer.WriteStartObject("extensions");
        writer.WriteString("code", error.Code);
        if (correlationId is not null)
        {
            writer.WriteString("correlationId", correlationId);
        }
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteEndObject();
        await writer.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }
}
