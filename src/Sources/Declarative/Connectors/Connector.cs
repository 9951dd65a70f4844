using Gateway.Sources.Declarative.Expressions;

namespace Gateway.Sources.Declarative.Connectors;

/// <summary>
/// How one field is fetched, compiled from its <c>@connect</c> directive: the key each parent (or the arguments)
/// asks for, the upstream call that answers keys (<see cref="Fetch"/>, shared by every field that loads the same
/// entity through its type's <c>@connect</c>), and how an item becomes the field's value.
/// </summary>
public sealed record Connector
{
    /// <summary><c>Type.field</c>, for errors.</summary>
    public required string Coordinate { get; init; }

    public required Fetch Fetch { get; init; }

    public required Expression Key { get; init; }

    /// <summary>The field's value from the item (<c>$</c>), the key and the parent; null takes the item as it is.</summary>
    public Expression? Select { get; init; }

    /// <summary>
    /// For a subscription field (which polls): what of the value counts as a change, evaluated on the value; null
    /// compares the whole value.
    /// </summary>
    public Expression? Changes { get; init; }

    /// <summary>For a field that returns a Relay connection: how pages are asked for and counted.</summary>
    public Paging? Paging { get; init; }

    /// <summary>For a mutation: what it invalidates and publishes, and which answers are the client's user errors.</summary>
    public MutationEffects? Mutation { get; init; }

    public string Source => Fetch.Source;

    /// <summary>The field's value for <paramref name="item"/>: its selection, evaluated with the item as <c>$</c>.</summary>
    /// <summary>What the field answers for <paramref name="item"/>, loaded with <paramref name="key"/> in <paramref name="scope"/>.</summary>
    public System.Text.Json.Nodes.JsonNode? ValueOf(ConnectorItem item, Scope scope, System.Text.Json.Nodes.JsonNode? key) =>
        Select is null ? item.Node : Select.Evaluate(scope with { Key = key, Item = item.Node });
}

/// <summary>
/// A field that returns a Relay connection. Over an offset-paged upstream (<c>paging: "offset"</c>) the call reads
/// <c>$page.offset</c> and <c>$page.limit</c>, or <c>$page.number</c> and <c>$page.size</c> for a page-numbered one,
/// and cursors are offsets. Over a cursor-paged one (<c>paging: "cursor"</c>) it reads <c>$page.after</c> (the
/// upstream's own cursor of the item to continue after, null for the first page) and <c>$page.limit</c>; each
/// item's upstream cursor is <see cref="Cursor"/>, and <see cref="More"/> says whether another page follows. Either
/// way the items are the page, <see cref="Total"/> counts the whole list, and the gateway's cursors are opaque to
/// clients and bound to the field (<see cref="CursorKind"/>).
/// </summary>
public sealed record Paging(string CursorKind, Expression? Total, bool Numbered)
{
    /// <summary>For a cursor-paged upstream: an item's own cursor (its id, say).</summary>
    public Expression? Cursor { get; init; }

    /// <summary>Whether a page follows, over the answer (<c>hasMore</c>); without it, one item more than asked is fetched.</summary>
    public Expression? More { get; init; }

    public bool ByCursor => Cursor is not null;
}

/// <summary>
/// What a mutation does besides its call: checks that answer with a user error before it (<c>@userError(if:)</c>),
/// faults that are user errors after it (<c>@userError(fault:)</c>), the cached entities it invalidates
/// (<c>{ entity: key }</c> over the answer) and the events it publishes (<c>{ channel: value }</c>).
/// </summary>
public sealed record MutationEffects(IReadOnlyList<UserErrorRule> UserErrors, Expression? Invalidate, Expression? Publish)
{
    /// <summary>Whether its payload, a type of the files, has <c>userErrors</c>: refusals go there, else they are errors.</summary>
    public bool ReportsUserErrors { get; init; }

    /// <summary>The tags whose entries it drops (a list of names over the answer and <c>$args</c>): every entry filed under one, of any key.</summary>
    public Expression? InvalidateTags { get; init; }

    /// <summary>The fetch that caches each entity <see cref="Invalidate"/> names (it says how their entries are named), found once every file is read.</summary>
    public Dictionary<string, Fetch> Entities { get; } = new(StringComparer.Ordinal);
}

/// <summary>One <c>@userError</c>: when (a condition over <c>$args</c>, or a fault code), and what the client is told.</summary>
public sealed record UserErrorRule(Expression? If, string? Fault, string Code, IReadOnlyList<string>? Field, Expression Message);

/// <summary>A subscription field fed by the events a mutation publishes (<c>@connect(subscribe: "customers")</c>).</summary>
public sealed record EventFeed(string Source, string Channel, Expression? Filter)
{
    /// <summary>The bus channel of a source's event: sources cannot hear each other's events by accident.</summary>
    public static string ChannelOf(string source, string channel) => Common.Events.EventChannels.For($"{source}:{channel}");
}

/// <summary>
/// One upstream call and what comes back: the HTTP or SOAP request for a key (<c>$key</c>) or a batch of keys
/// (<c>$keys</c>), where the items are in the answer and how each names its key, and how the entity is cached.
/// Loaders are per fetch, so fields that share one share their batches.
/// </summary>
public sealed record Fetch
{
    /// <summary>The source's name (its folder), which names its configuration, client, errors and cache keys.</summary>
    public required string Source { get; init; }

    public required HttpMethod Method { get; init; }

    /// <summary>The path relative to the source's base URL; interpolated values are URL-encoded. Empty for SOAP (the base URL is the endpoint).</summary>
    public required Expression Path { get; init; }

    /// <summary>For a SOAP upstream: the operation; <see cref="Body"/> is then the content of its request element.</summary>
    public SoapCall? Soap { get; init; }

    public Expression? Body { get; init; }

    /// <summary>True when one call answers many keys (the call reads <c>$keys</c>); false for one call per key (<c>$key</c>).</summary>
    public required bool Batched { get; init; }

    /// <summary>Keys whose values of this expression differ go in separate calls (a forecast call takes one number of days).</summary>
    public Expression? BatchBy { get; init; }

    public Expression? Items { get; init; }

    public Expression? Match { get; init; }

    public Expression? Error { get; init; }

    /// <summary>The key's cache identity, evaluated on <c>$key</c> (case, spacing, rounding); null uses the key.</summary>
    public Expression? CacheKey { get; init; }

    /// <summary>
    /// Which keys the upstream can look up, evaluated on <c>$key</c>: a key it is not true for fails alone with
    /// <c>BAD_USER_INPUT</c>, and is never sent. Null sends every key.
    /// </summary>
    public Expression? Check { get; init; }

    /// <summary>Query parameters of an HTTP call, URL-encoded after the path; a null value leaves its parameter out, a list repeats it.</summary>
    public ObjectExpression? Query { get; init; }

    /// <summary>Headers of each call, by name (<c>Idempotency-Key</c>), computed like the body; a null value sends none.</summary>
    public ObjectExpression? Headers { get; init; }

    /// <summary>The tag a key's entry is filed under (<c>"'customer-' + $key.customerId"</c>), for mutations to drop them together.</summary>
    public Expression? Tag { get; init; }

    /// <summary>Whether <paramref name="key"/> passes <see cref="Check"/>.</summary>
    public bool Accepts(System.Text.Json.Nodes.JsonNode? key) =>
        Check is null || LogicalExpression.Truthy(Check.Evaluate(new Scope(Key: key)));

    /// <summary>The error of a key <see cref="Check"/> refuses.</summary>
    public Common.Errors.BadUserInputError Refusal(System.Text.Json.Nodes.JsonNode? key)
    {
        var text = key is System.Text.Json.Nodes.JsonValue value && value.TryGetValue<string>(out var plain) ? plain : key?.ToJsonString() ?? "null";
        return new($"'{(text.Length > 48 ? text[..48] + "…" : text)}' is not a valid {Entity} key.", Source);
    }

    /// <summary>The entity's name in caching (<c>Sources:&lt;Name&gt;:Cache:&lt;entity&gt;</c>) and errors.</summary>
    public required string Entity { get; init; }

    public required TimeSpan Ttl { get; init; }

    public required TimeSpan Grace { get; init; }

    /// <summary>Whether the call may be repeated by retries: GET always, POST when the file says it reads.</summary>
    public required bool RetrySafe { get; init; }

    /// <summary>The loader's name in spans and metrics: <c>source.entity</c>.</summary>
    public string LoaderName => $"{Source}.{Entity}";
}
