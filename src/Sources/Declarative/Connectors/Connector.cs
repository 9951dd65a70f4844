using Gateway.Sources.Declarative.Expressions;

namespace Gateway.Sources.Declarative.Connectors;

/// <summary>
/// How one field is fetched, compiled from its <c>@connect</c> directive: the HTTP call, the key each parent asks
/// for, where the items are in the answer and how each names its key, and how an item becomes the field's value.
/// </summary>
public sealed record Connector
{
    /// <summary>The source's name (its folder), which names its configuration, client, errors and cache keys.</summary>
    public required string Source { get; init; }

    /// <summary><c>Type.field</c>, for telemetry and errors.</summary>
    public required string Coordinate { get; init; }

    public required HttpMethod Method { get; init; }

    /// <summary>The path relative to the source's base URL; interpolated values are URL-encoded. Empty for SOAP (the base URL is the endpoint).</summary>
    public required Expression Path { get; init; }

    /// <summary>For a SOAP upstream: the operation; <see cref="Body"/> is then the content of its request element.</summary>
    public SoapCall? Soap { get; init; }

    public Expression? Body { get; init; }

    public required Expression Key { get; init; }

    /// <summary>True when one call answers many keys (the call reads <c>$keys</c>); false for one call per key (<c>$key</c>).</summary>
    public required bool Batched { get; init; }

    public Expression? Items { get; init; }

    public Expression? Match { get; init; }

    public Expression? Select { get; init; }

    public Expression? Error { get; init; }

    /// <summary>The entity's name in caching (<c>Sources:&lt;Name&gt;:Cache:&lt;entity&gt;</c>) and errors.</summary>
    public required string Entity { get; init; }

    public required TimeSpan Ttl { get; init; }

    public required TimeSpan Grace { get; init; }

    /// <summary>Whether the call may be repeated by retries: GET always, POST when the file says it reads.</summary>
    public required bool RetrySafe { get; init; }
}
