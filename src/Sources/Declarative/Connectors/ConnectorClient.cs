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
        Connector connector, IReadOnlyList<string> keys, CancellationToken cancellationToken)
    {
        var http = clients.CreateClient(ClientName(connector.Source));
        var results = new Dictionary<string, LoadResult<ConnectorItem>>(keys.Count, StringComparer.Ordinal);
        if (connector.Batched)
        {
            var keyNodes = new JsonArray([.. keys.Select(key => JsonNode.Parse(key))]);
            var answer = await SendAsync(http, connector, new Scope(Keys: keyNodes), cancellationToken).ConfigureAwait(false);
            var items = AsList(connector.Items?.Evaluate(new Scope(Item: answer)) ?? answer)
                ?? throw new UpstreamError(connector.Source, $"The {connector.Source} upstream answered without a list of items.");
            if (connector.Match is null)
            {
                if (items.Count != keys.Count)
                {
                    throw new UpstreamError(connector.Source, $"The {connector.Source} upstream answered {items.Count} items for {keys.Count} keys.");
                }
                for (var i = 0; i < keys.Count; i++)
                {
                    results[keys[i]] = Outcome(connector, keys[i], items[i]);
                }
                return results;
            }
            var byKey = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
            foreach (var item in items)
            {
                if (connector.Match.Evaluate(new Scope(Item: item)) is { } matched)
                {
                    byKey.TryAdd(matched.ToJsonString(), item);
                }
            }
            foreach (var key in keys)
            {
                results[key] = Outcome(connector, key, byKey.GetValueOrDefault(key));
            }
            return results;
        }

        // One call per key: a call that fails (a fault, a timeout) fails its own key, not the others of the chunk.
        var outcomes = await Task.WhenAll(keys.Select(async key =>
        {
            try
            {
                var answer = await SendAsync(http, connector, new Scope(Key: JsonNode.Parse(key)), cancellationToken).ConfigureAwait(false);
                return Outcome(connector, key, answer is null ? null : connector.Items?.Evaluate(new Scope(Item: answer)) ?? answer);
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

    /// <summary>The items as a list: one object is a list of one (an XML answer with a single repeated element looks so).</summary>
    private static JsonArray? AsList(JsonNode? items) => items switch
    {
        JsonArray list => list,
        JsonObject one => [one.DeepClone()],
        _ => null,
    };

    private static LoadResult<ConnectorItem> Outcome(Connector connector, string key, JsonNode? item)
    {
        if (item is null)
        {
            return LoadResult<ConnectorItem>.Failed(new NotFoundError(connector.Source, Capitalised(connector.Entity), Display(key)));
        }
        if (connector.Error?.Evaluate(new Scope(Item: item)) is { } problem)
        {
            var code = problem is JsonObject obj ? obj["code"] ?? obj["Code"] : problem;
            return LoadResult<ConnectorItem>.Failed(code is JsonValue value && value.TryGetValue<string>(out var text) && ErrorCodes.MeansNotFound(text)
                ? new NotFoundError(connector.Source, Capitalised(connector.Entity), Display(key))
                : new BadUserInputError($"The {connector.Source} upstream refused {connector.Entity} {Display(key)}{(code is null ? "" : $" ({TemplateExpression.Text(code)})")}.", connector.Source));
        }
        return LoadResult<ConnectorItem>.Found(new ConnectorItem(item.DeepClone()));
    }

    /// <summary>Sends one call; null for a 404 of a call that asked for one key.</summary>
    private static async Task<JsonNode?> SendAsync(HttpClient http, Connector connector, Scope scope, CancellationToken cancellationToken)
    {
        if (connector.Soap is { } soap)
        {
            using var envelope = SoapEnvelope.Request(soap, connector.Body?.Evaluate(scope), connector.Source);
            if (connector.RetrySafe)
            {
                UpstreamRequest.MarkRetrySafe(envelope);
            }
            using var answer = await UpstreamHttp.SendAsync(http, envelope, connector.Source, cancellationToken).ConfigureAwait(false);
            return await SoapEnvelope.ReadAsync(answer, connector.Source, cancellationToken).ConfigureAwait(false);
        }
        using var request = new HttpRequestMessage(connector.Method, Path(connector, scope));
        if (connector.Body?.Evaluate(scope) is { } body)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }
        if (connector.RetrySafe)
        {
            UpstreamRequest.MarkRetrySafe(request);
        }
        using var response = await UpstreamHttp.SendAsync(http, request, connector.Source, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound && !connector.Batched)
        {
            return null;
        }
        return await UpstreamHttp.ReadJsonAsync(response, DeclarativeJsonContext.Default.JsonNode, connector.Source, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The path with every interpolated value URL-encoded, so a value can never add a segment or a parameter.</summary>
    private static string Path(Connector connector, Scope scope)
    {
        if (connector.Path is not TemplateExpression template)
        {
            return TemplateExpression.Text(connector.Path.Evaluate(scope)!);
        }
        var path = new StringBuilder();
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
                throw new BadUserInputError($"The {connector.Source} upstream's path needs a value that is missing.", connector.Source);
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
