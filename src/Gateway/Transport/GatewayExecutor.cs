using System.Diagnostics;
using System.Security.Claims;
using Gateway.Sources.Common.Telemetry;
using Gateway.Execution.Incremental;
using Gateway.Hosting;
using Gateway.Security;
using Gateway.Security.PersistedOperations;
using Gateway.Sources.Common.Resilience;
using GraphQL;
using GraphQL.Types;
using GraphQL.Validation;
using GraphQLParser.AST;
using Microsoft.Extensions.Options;
using Gateway.Transport.Errors;

namespace Gateway.Transport;

/// <summary>
/// Executes one GraphQL request for any transport (HTTP, WebSocket, SSE): parsed documents come from the
/// <see cref="DocumentCache"/>, documents that validated once skip validation, and queries and mutations run
/// under the request deadline. The transport owns the service scope it passes in.
/// </summary>
public sealed class GatewayExecutor(
    IDocumentExecuter executer,
    Gateway.Schema.LiveSchema live,
    DocumentCache documents,
    PersistedDocuments persisted,
    IOptions<GatewayOptions> options,
    IOptions<OperationLimitsOptions> limits,
    OperationLimitsRule limitsRule,
    IntrospectionRule introspectionRule,
    OperationCostRule costRule,
    Gateway.Schema.UnhandledErrors unhandledErrors)
{
    public const string TooManyErrors = "TOO_MANY_ERRORS";
    private readonly TimeSpan _requestTimeout = options.Value.RequestTimeout;
    private readonly int _maxDocumentLength = limits.Value.MaxDocumentLength;
    private readonly int _maxErrors = limits.Value.MaxErrors;

    // The spec's rules and the gateway's own for a document seen the first time; for a document that validated
    // before, only the rules whose outcome depends on the request's variables.
    private readonly IValidationRule[] _allRules = [.. DocumentValidator.CoreRules, limitsRule, introspectionRule, costRule, new IncrementalDeliveryRule()];
    private readonly IValidationRule[] _perRequestRules = [costRule];
    private readonly OperationNames _operationNames = new();

    /// <summary>
    /// Everything a transport does before executing: fills in a persisted document named by hash, refuses
    /// requests without a document and documents longer than <c>Gateway:Limits:MaxDocumentLength</c> (before
    /// they are parsed), then <see cref="Parse"/>s; or says why the request is refused.
    /// </summary>
    public async ValueTask<Refusable<ParsedRequest>> PrepareAsync(GraphQLHttpRequest request, CancellationToken cancellationToken)
    {
        if ((await persisted.ResolveAsync(request, cancellationToken).ConfigureAwait(false)).Refused(out var refusal, out request))
        {
            return refusal;
        }
        if (string.IsNullOrWhiteSpace(request.Query))
        {
            return new InvalidRequestError("The request has no 'query' (or 'documentId').");
        }
        if (request.Query.Length > _maxDocumentLength)
        {
            return new MaxDocumentLengthExceededError($"The document has {request.Query.Length} characters; at most {_maxDocumentLength} are allowed.");
        }
        return Parse(request);
    }

    /// <summary>
    /// Looks <paramref name="request"/>'s document up in the cache (parsing it on a miss) and finds its operation,
    /// once per request: transports check the operation (mutation over GET) before executing the same parse.
    /// </summary>
    private Refusable<ParsedRequest> Parse(GraphQLHttpRequest request)
    {
        CachedDocument? cached = null;
        if (request.Query is { } query && documents.GetOrParse(query).Refused(out var refusal, out cached))
        {
            return refusal;
        }
        return new ParsedRequest(request, cached, cached?.FindOperation(request.OperationName));
    }

    /// <summary>
    /// Starts the request deadline in <paramref name="services"/>' scope: once per request, so a batch's operations
    /// run under one deadline.
    /// </summary>
    public void StartDeadline(IServiceProvider services, CancellationToken cancellationToken) =>
        services.GetRequiredService<RequestDeadline>().Start(_requestTimeout, cancellationToken);

    public async Task<ExecutionResult> ExecuteAsync(
        ParsedRequest parsed,
        IServiceProvider services,
        ClaimsPrincipal? user,
        IDictionary<string, object?>? userContext,
        CancellationToken cancellationToken,
        bool inBatch = false,
        bool trace = false,
        IncrementalFormat? incremental = null)
    {
        var (request, cached, operation) = parsed;
        var operationType = operation?.Operation switch
        {
            OperationType.Mutation => "mutation",
            OperationType.Subscription => "subscription",
            OperationType.Query => "query",
            _ => "unknown",
        };
        var operationName = _operationNames.Bound(operation?.Name?.StringValue);
        var started = Stopwatch.GetTimestamp();
        // Semantic conventions for GraphQL spans: "<type> <name>", or the type alone for anonymous operations.
        using var activity = GatewayTelemetry.ActivitySource.StartActivity(
            operation?.Name is { } name ? $"{operationType} {name.StringValue}" : operationType);
        activity?.SetTag("graphql.operation.type", operationType);
        activity?.SetTag("graphql.operation.name", operation?.Name?.StringValue);
        activity?.SetTag("graphql.document.hash", cached?.Hash);

        if (operation?.Operation != OperationType.Subscription && !inBatch)
        {
            // The deadline bounds upstream calls; the executor runs on, so finished fields are still returned.
            // A subscription lives as long as its client wants it.
            StartDeadline(services, cancellationToken);
        }

        var (schema, generation) = live.Snapshot;
        var executionOptions = new ExecutionOptions
        {
            Schema = schema,
            Query = cached is null && request.Query is { } text ? DocumentCache.ParseableText(text) : request.Query,
            Document = cached?.Document,
            OperationName = request.OperationName,
            Variables = request.Variables,
            Extensions = request.Extensions,
            RequestServices = services,
            User = user,
            CancellationToken = cancellationToken,
            UnhandledExceptionDelegate = unhandledErrors.HandleAsync,
        };
        if (userContext is not null)
        {
            executionOptions.UserContext = userContext;
        }
        // @defer and @stream defer only for a client that takes incremental delivery; for any other they are
        // executed in place, and a document without them never pays for the incremental strategy.
        if (incremental is { } format && cached?.UsesIncrementalDelivery == true && operation?.Operation is OperationType.Query or OperationType.Mutation)
        {
            if (userContext is not null)
            {
                executionOptions.UserContext = new Dictionary<string, object?>(userContext);
            }
            new IncrementalDelivery(format, _maxErrors).AddTo(executionOptions.UserContext);
        }
        // As GraphQL.NET's own document cache reasons: the document rules do not depend on variables or the
        // operation name, so a document that validated once is valid again. Variables are still coerced.
        // Without variables, even the cost is a property of the document, checked when it first validated.
        // In a batch the cost is always counted: the operations share one budget.
        executionOptions.ValidationRules = cached is not null && cached.ValidatedIn == generation
            ? operation?.Variables is { Count: > 0 } || inBatch ? _perRequestRules : []
            : _allRules;

        var requestTrace = trace && operation?.Operation != OperationType.Subscription ? RequestTrace.Start() : null;
        var result = await executer.ExecuteAsync(executionOptions).ConfigureAwait(false);
        if (requestTrace is not null && result.Executed)
        {
            (result.Extensions ??= [])["trace"] = requestTrace.ToJson();
        }
        if (cached is not null && result.Executed)
        {
            cached.ValidatedIn = generation;
        }

        var errors = result.Errors?.Count ?? 0;
        if (errors > _maxErrors)
        {
            result.Errors = CapErrors(result.Errors!, _maxErrors);
        }
        if (activity is not null)
        {
            activity.SetTag("graphql.errors.count", errors);
            if (errors > 0)
            {
                activity.SetStatus(ActivityStatusCode.Error);
            }
        }
        GatewayTelemetry.OperationDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds,
            new KeyValuePair<string, object?>("graphql.operation.type", operationType),
            new KeyValuePair<string, object?>("graphql.operation.name", operationName),
            new KeyValuePair<string, object?>("outcome", !result.Executed ? "rejected" : errors > 0 ? "error" : "success"));
        return result;
    }

    /// <summary>The first <paramref name="max"/> errors, then one that says how many more there were.</summary>
    private static ExecutionErrors CapErrors(ExecutionErrors errors, int max)
    {
        var capped = new ExecutionErrors();
        foreach (var error in errors.Take(max))
        {
            capped.Add(error);
        }
        capped.Add(LeftOut(errors.Count - max, max, "a response"));
        return capped;
    }

    /// <summary>The error that ends a capped list: how many more there were, and the limit of <paramref name="what"/>.</summary>
    internal static ExecutionError LeftOut(int left, int max, string what) =>
        new($"{left} more errors were left out; {what} reports at most {max}.") { Code = TooManyErrors };
}

/// <summary>A request with its cached document and selected operation (null when it does not parse or select one).</summary>
public sealed record ParsedRequest(GraphQLHttpRequest Request, CachedDocument? Document, GraphQLOperationDefinition? Operation);
