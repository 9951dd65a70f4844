using System.Text;
using GraphQL;
using System.Text.Json.Nodes;
using Gateway.Sources.Common.Caching;
using Gateway.Sources.Common.Errors;
using Gateway.Sources.Common.Events;
using Gateway.Sources.Common.Resilience;
using Gateway.Sources.Common.Soap;
using Gateway.Sources.Common.Validation;
using Gateway.Sources.Declarative.Expressions;

namespace Gateway.Sources.Declarative.Connectors;

/// <summary>
/// Runs a mutation's call: its <c>@userError(if:)</c> checks first, then input its upstream's wire format cannot
/// carry (a user error <c>INVALID_&lt;FIELD&gt;</c> at that input), then the call, never retried unless the file
/// says it may be. A fault (SOAP Client fault, REST 4xx) is the user error its <c>@userError(fault:)</c> names, or
/// <c>INVALID_INPUT</c> with the upstream's reason. After a success the cached entities it names are dropped on
/// every instance and its events published, before the payload is returned.
/// </summary>
public sealed class MutationCall(ConnectorClient client, IEntityCache cache, IEventBus bus)
{
    public const string UnmatchedFault = "INVALID_INPUT";

    /// <summary>
    /// The payload: the selection over the answer, or <c>{ userErrors: [ … ] }</c> when the input was refused and
    /// the payload has user errors (<see cref="MutationEffects.ReportsUserErrors"/>); without them a refusal is an error.
    /// </summary>
    public async Task<JsonNode?> RunAsync(Connector connector, Scope scope, RequestDeadline deadline, CancellationToken cancellationToken)
    {
        var effects = connector.Mutation!;
        var userErrors = effects.ReportsUserErrors;
        foreach (var rule in effects.UserErrors)
        {
            if (rule.If is { } check && LogicalExpression.Truthy(check.Evaluate(scope)))
            {
                return Refused(rule.Code, rule.Message.Evaluate(scope), rule.Field);
            }
        }
        if (connector.Fetch.Soap is not null && Unsendable.Find((JsonObject)scope.Args!, connector.Source) is { } unsendable)
        {
            return userErrors
                ? Refused($"INVALID_{unsendable.Path[^1].ToConstantCase()}", JsonValue.Create(unsendable.Message), unsendable.Path)
                : throw new BadUserInputError(unsendable.Message, connector.Source, string.Join('.', unsendable.Path));
        }

        JsonNode? answer;
        try
        {
            answer = await deadline.RunAsync(connector.Source, token => client.CallAsync(connector.Fetch, scope, token)).ConfigureAwait(false);
        }
        catch (SoapFaultError fault) when (fault.ClientFault && userErrors)
        {
            return Refused(effects, [fault.FaultCode, fault.Fault], fault.Message, scope);
        }
        catch (UpstreamRefusal refusal) when (userErrors)
        {
            return Refused(effects, [refusal.Status], refusal.Message, scope);
        }

        var item = answer is null ? null : new ConnectorItem(answer).Node;
        var done = scope with { Item = item };
        await InvalidateAsync(connector, effects, done, cancellationToken).ConfigureAwait(false);
        if (effects.Publish is ObjectExpression events)
        {
            foreach (var (channel, value) in events.Members)
            {
                if (value.Evaluate(done) is { } message)
                {
                    await bus.PublishAsync(EventFeed.ChannelOf(connector.Source, channel), Encoding.UTF8.GetBytes(message.ToJsonString()), cancellationToken)
                        .ConfigureAwait(false);
                }
            }
        }
        return connector.Select is null ? item : connector.Select.Evaluate(done);
    }

    private async Task InvalidateAsync(Connector connector, MutationEffects effects, Scope done, CancellationToken cancellationToken)
    {
        var keys = new List<string>();
        var tags = new List<string>();
        if (effects.InvalidateTags?.Evaluate(done) is { } named)
        {
            foreach (var tag in named is JsonArray list ? (IEnumerable<JsonNode?>)list : [named])
            {
                if (tag is not null)
                {
                    tags.Add(ConnectorDataLoader.TagKey(connector.Source, TemplateExpression.Text(tag)));
                }
            }
        }
        foreach (var (entity, key) in (effects.Invalidate as ObjectExpression)?.Members ?? [])
        {
            if (key.Evaluate(done) is not { } value)
            {
                continue;
            }
            var fetch = effects.Entities[entity];
            keys.Add(CacheKeys.Entity(fetch.Source, fetch.Entity, ConnectorDataLoader.CacheKeyOf(fetch, value.ToJsonString())));
        }
        if (keys.Count > 0 || tags.Count > 0)
        {
            await cache.InvalidateAsync(keys, tags, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The user error of the first rule naming one of <paramref name="faults"/> (a SOAP fault's code or its detail element, an HTTP status).</summary>
    private static JsonObject Refused(MutationEffects effects, string?[] faults, string reason, Scope scope) =>
        effects.UserErrors.FirstOrDefault(rule => rule.Fault is not null && faults.Contains(rule.Fault)) is { } rule
            ? Refused(rule.Code, rule.Message.Evaluate(scope), rule.Field)
            : Refused(UnmatchedFault, JsonValue.Create(reason), null);

    private static JsonObject Refused(string code, JsonNode? message, IReadOnlyList<string>? field) => new()
    {
        ["userErrors"] = new JsonArray(new JsonObject
        {
            ["message"] = message?.DeepClone() ?? JsonValue.Create("The input was refused."),
            ["code"] = code,
            ["field"] = field is null ? null : new JsonArray([.. field.Select(part => (JsonNode?)JsonValue.Create(part))]),
        }),
    };
}

/// <summary>Input an XML upstream cannot carry (C0 controls, U+FFFE, unpaired surrogates), found before any envelope is written.</summary>
internal static class Unsendable
{
    /// <summary>The first string of <paramref name="arguments"/> XML cannot hold: its path (list positions left out) and the client's message.</summary>
    public static (IReadOnlyList<string> Path, string Message)? Find(JsonObject arguments, string source) => Find(arguments, [], source);

    private static (IReadOnlyList<string> Path, string Message)? Find(JsonNode? node, List<string> path, string source)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, value) in obj)
                {
                    path.Add(name);
                    if (Find(value, path, source) is { } found)
                    {
                        return found;
                    }
                    path.RemoveAt(path.Count - 1);
                }
                return null;
            case JsonArray list:
                foreach (var item in list)
                {
                    if (Find(item, path, source) is { } found)
                    {
                        return found;
                    }
                }
                return null;
            case JsonValue value when value.TryGetValue<string>(out var text):
                return UpstreamInput.Problem(text, UpstreamWire.Xml, string.Join('.', path), source) is { } problem ? ([.. path], problem) : null;
            default:
                return null;
        }
    }
}
