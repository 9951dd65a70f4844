using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Gateway.Sources.Common.DataLoading;
using Gateway.Sources.Common.Errors;
using Gateway.Sources.Common.Http;
using Gateway.Sources.Declarative.Expressions;

namespace Gateway.Sources.Declarative.Connectors;

/// <summary>
/// Makes a connector's upstream calls: one call for a chunk of keys when the connector batches (<c>$keys</c>), one
/// call per key otherwise; then finds each key's item in the answer, by position or by <c>match</c>. A key without
/// an item is NOT_FOUND, and an item whose <c>error</c> expression is not null fails alone.
/// </summary>
public sealed class ConnectorClient(IHttpClientFactory clients)
{
    public static string ClientName(string source) => $"declarative:{source}";

    public async Task<IReadOnlyDictionary<string, LoadResult<ConnectorItem>>> FetchAsync(
        Fetch fetch, IReadOnlyList<string> keys, CancellationToken cancellationToken)
    {
        var http = clients.CreateClient(ClientName(fetch.Source));
        var results = new Dictionary<string, LoadResult<ConnectorItem>>(keys.Count, StringComparer.Ordinal);
        if (fetch.Batched)
        {
            var nodes = keys.Select(key => JsonNode.Parse(key)).ToList();
            if (fetch.BatchBy is null)
            {
                await FetchBatchAsync(http, fetch, keys, nodes, results, cancellationToken).ConfigureAwait(false);
                return results;
            }
            // Keys that need different calls (another number of days) are fetched side by side.
            var groups = Enumerable.Range(0, keys.Count)
                .GroupBy(i => fetch.BatchBy.Evaluate(new Scope(Key: nodes[i]))?.ToJsonString() ?? "null", StringComparer.Ordinal)
                .Select(group => group.ToList());
            var parts = await Task.WhenAll(groups.Select(async group =>
            {
                var part = new Dictionary<string, LoadResult<ConnectorItem>>(group.Count, StringComparer.Ordinal);
                await FetchBatchAsync(http, fetch, [.. group.Select(i => keys[i])], [.. group.Select(i => nodes[i])], part, cancellationToken)
                    .ConfigureAwait(false);
                return part;
            })).ConfigureAwait(false);
            foreach (var (key, result) in parts.SelectMany(part => part))
            {
                results[key] = result;
            }
            return results;
        }

        // One call per key: a call that fails (a fault, a timeout) fails its own key, not the others of the chunk.
        var outcomes = await Task.WhenAll(keys.Select(async key =>
        {
            try
            {
                var answer = await SendAsync(http, fetch, new Scope(Key: JsonNode.Parse(key)), cancellationToken).ConfigureAwait(false);
                return Outcome(fetch, key, answer is null ? null : fetch.Items?.Evaluate(new Scope(Item: answer)) ?? answer);
            }
            catch (GatewayError error)
            {
                return LoadResult<ConnectorItem>.Failed(error);
            }
        })).ConfigureAwait(false);
        for (var i = 0; i < keys.Count; i++)
        {
            results[keys[i]] = outcomes[i];
        }
        return results;
    }

    /// <summary>
    /// One call made for a field, not for keys (a mutation's, a page's), with the arguments in <paramref name="scope"/>.
    /// A REST answer with a 4xx status is the upstream refusing the input (<see cref="UpstreamRefusal"/>), for a
    /// mutation to turn into a user error; a SOAP Client fault is a <see cref="Common.Soap.SoapFaultError"/>.
    /// </summary>
    public Task<JsonNode?> CallAsync(Fetch fetch, Scope scope, CancellationToken cancellationToken) =>
        SendAsync(clients.CreateClient(ClientName(fetch.Source)), fetch, scope, cancellationToken, refusals: true);

    /// <summary>One call for <paramref name="keys"/>; each key's item found by position or by <c>match</c>.</summary>
    private static async Task FetchBatchAsync(HttpClient http, Fetch fetch, IReadOnlyList<string> keys, IReadOnlyList<JsonNode?> nodes,
        Dictionary<string, LoadResult<ConnectorItem>> results, CancellationToken cancellationToken)
    {
        var answer = await SendAsync(http, fetch, new Scope(Keys: new JsonArray([.. nodes])), cancellationToken).ConfigureAwait(false);
        var items = AsList(fetch.Items?.Evaluate(new Scope(Item: answer)) ?? answer)
            ?? throw new UpstreamError(fetch.Source, $"The {fetch.Source} upstream answered without a list of items.");
        if (fetch.Match is null)
        {
            if (items.Count != keys.Count)
            {
                throw new UpstreamError(fetch.Source, $"The {fetch.Source} upstream answered {items.Count} items for {keys.Count} keys.");
            }
            for (var i = 0; i < keys.Count; i++)
            {
                results[keys[i]] = Outcome(fetch, keys[i], items[i]);
            }
            return;
        }
        var byKey = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            if (fetch.Match.Evaluate(new Scope(Item: item)) is { } matched)
            {
                byKey.TryAdd(matched.ToJsonString(), item);
            }
        }
        foreach (var key in keys)
        {
            results[key] = Outcome(fetch, key, byKey.GetValueOrDefault(key));
        }
    }

    /// <summary>The items as a list: one object is a list of one (an XML answer with a single repeated element looks so).</summary>
    private static IList<JsonNode?>? AsList(JsonNode? items) => items switch
    {
        JsonArray list => list,
        JsonObject one => new List<JsonNode?> { one },
        _ => null,
    };

    private static LoadResult<ConnectorItem> Outcome(Fetch fetch, string key, JsonNode? item)
    {
        if (item is null)
        {
            return LoadResult<ConnectorItem>.Failed(new NotFoundError(fetch.Source, Capitalised(fetch.Entity), Display(key)));
        }
        if (fetch.Error?.Evaluate(new Scope(Item: item)) is { } problem)
        {
            var code = problem is JsonObject obj ? obj["code"] ?? obj["Code"] : problem;
            return LoadResult<ConnectorItem>.Failed(code is JsonValue value && value.TryGetValue<string>(out var text) && ErrorCodes.MeansNotFound(text)
                ? new NotFoundError(fetch.Source, Capitalised(fetch.Entity), Display(key))
                : new BadUserInputError($"The {fetch.Source} upstream refused {fetch.Entity} {Display(key)}{(code is null ? "" : $" ({TemplateExpression.Text(code)})")}.", fetch.Source));
        }
        // The item stays in the answer it came in, which lives as long as the item: nothing inserts an item into
        // another node without copying it (selections copy what they read).
        return LoadResult<ConnectorItem>.Found(new ConnectorItem(item));
    }

    /// <summary>Sends one call; null for a 404 of a call that asked for one key.</summary>
    private static async Task<JsonNode?> SendAsync(HttpClient http, Fetch fetch, Scope scope, CancellationToken cancellationToken, bool refusals = false)
    {
        if (fetch.Soap is { } soap)
        {
            using var envelope = SoapEnvelope.Request(soap, scope, fetch.Body?.Evaluate(scope), fetch.Source);
            AddHeaders(envelope, fetch, scope);
            if (fetch.RetrySafe)
            {
                UpstreamRequest.MarkRetrySafe(envelope);
            }
            using var answer = await UpstreamHttp.SendAsync(http, envelope, fetch.Source, cancellationToken).ConfigureAwait(false);
            return await SoapEnvelope.ReadAsync(answer, fetch.Source, cancellationToken).ConfigureAwait(false);
        }
        using var request = new HttpRequestMessage(fetch.Method, Path(fetch, scope));
        AddHeaders(request, fetch, scope);
        if (fetch.Body?.Evaluate(scope) is { } body)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }
        if (fetch.RetrySafe)
        {
            UpstreamRequest.MarkRetrySafe(request);
        }
        using var response = await UpstreamHttp.SendAsync(http, request, fetch.Source, cancellationToken).ConfigureAwait(false);
        if (refusals && (int)response.StatusCode is >= 400 and < 500 and not 401 and not 403 and not 407 and not 408 and not 429)
        {
            throw new UpstreamRefusal(fetch.Source, response.StatusCode);
        }
        if (response.StatusCode == HttpStatusCode.NotFound && !fetch.Batched)
        {
            return null;
        }
        return await UpstreamHttp.ReadJsonAsync(response, DeclarativeJsonContext.Default.JsonNode, fetch.Source, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The fetch's <c>headers</c>; a value a header cannot carry is the input's fault, and nothing is sent.</summary>
    private static void AddHeaders(HttpRequestMessage request, Fetch fetch, Scope scope)
    {
        if (fetch.Headers is null)
        {
            return;
        }
        foreach (var (name, expression) in fetch.Headers.Members)
        {
            if (expression.Evaluate(scope) is not { } value)
            {
                continue;
            }
            var text = TemplateExpression.Text(value);
            if (Common.Validation.UpstreamInput.FirstUnsafeHeaderCharacter(text) >= 0)
            {
                throw new BadUserInputError($"'{name}' of the {fetch.Source} upstream's request cannot carry the value given.", fetch.Source);
            }
            request.Headers.TryAddWithoutValidation(name, text);
        }
    }

    /// <summary>The path with every interpolated value URL-encoded, so a value can never add a segment or a parameter.</summary>
    private static string Path(Fetch fetch, Scope scope)
    {
        var path = new StringBuilder();
        if (fetch.Path is not TemplateExpression template)
        {
            path.Append(TemplateExpression.Text(fetch.Path.Evaluate(scope)!));
            return WithQuery(path, fetch, scope);
        }
        foreach (var part in template.Parts)
        {
            if (part is string literal)
            {
                path.Append(literal);
            }
            else if (((Expression)part).Evaluate(scope) is { } value)
            {
                path.Append(Uri.EscapeDataString(TemplateExpression.Text(value)));
            }
            else
            {
                throw new BadUserInputError($"The {fetch.Source} upstream's path needs a value that is missing.", fetch.Source);
            }
        }
        return WithQuery(path, fetch, scope);
    }

    /// <summary>The fetch's <c>query</c> after the path: each name and value URL-encoded, a null left out, a list repeated.</summary>
    private static string WithQuery(StringBuilder path, Fetch fetch, Scope scope)
    {
        if (fetch.Query is null)
        {
            return path.ToString();
        }
        var separator = path.ToString().Contains('?', StringComparison.Ordinal) ? '&' : '?';
        foreach (var (name, expression) in fetch.Query.Members)
        {
            var value = expression.Evaluate(scope);
            foreach (var item in value is JsonArray list ? (IEnumerable<JsonNode?>)list : [value])
            {
                if (item is null)
                {
                    continue;
                }
                path.Append(separator).Append(Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(TemplateExpression.Text(item)));
                separator = '&';
            }
        }
        return path.ToString();
    }

    private static string Capitalised(string entity) => entity.Length == 0 ? entity : char.ToUpperInvariant(entity[0]) + entity[1..];

    /// <summary>A key as errors show it: a plain value without quotes, an object as JSON, either cut at 64 characters.</summary>
    private static string Display(string key)
    {
        var text = JsonNode.Parse(key) is JsonValue value && value.TryGetValue<string>(out var plain) ? plain : key;
        return text.Length > 64 ? text[..64] + "…" : text;
    }
}

/// <summary>
/// A REST upstream's 4xx answer to a call made for a field: it refused the input. <see cref="Status"/> is what a
/// mutation's <c>@userError(fault: "422")</c> matches.
/// </summary>
public sealed class UpstreamRefusal(string source, HttpStatusCode status)
    : GatewayError(ErrorCodes.BadUserInput, $"The {source} upstream refused the input (HTTP {(int)status}).", source)
{
    public string Status { get; } = ((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
