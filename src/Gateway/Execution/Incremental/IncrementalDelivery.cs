using System.Runtime.CompilerServices;
using GraphQL;
using GraphQL.Execution;
using ExecutionContext = GraphQL.Execution.ExecutionContext;

namespace Gateway.Execution.Incremental;

/// <summary>The two payload formats of incremental delivery, chosen by the client.</summary>
public enum IncrementalFormat
{
    /// <summary>
    /// The current RFC's (graphql-js 17): <c>pending</c> announces each piece with an id and path, <c>incremental</c>
    /// delivers <c>data</c> or <c>items</c> by id, <c>completed</c> ends it (with <c>errors</c> when it failed).
    /// </summary>
    Current,

    /// <summary>
    /// The 2022 draft Apollo Client names (<c>deferSpec=20220824</c>) and clients written before the current RFC read
    /// (urql, Banana Cake Pop): <c>incremental</c> entries carry the <c>path</c> and <c>label</c> themselves, a streamed
    /// batch's path ends in its first index, and a failed fragment is <c>data: null</c> with its errors.
    /// </summary>
    Defer20220824,
}

/// <summary>
/// One request's incremental delivery: the pieces its execution set aside, the ids it announced, and the rounds that
/// deliver them. The executor creates it for a transport that takes incremental delivery (so the strategy selector picks
/// <see cref="IncrementalExecutionStrategy"/>); the transport writes each payload of <see cref="PayloadsAsync"/>.
/// </summary>
/// <param name="format">The payloads' format.</param>
/// <param name="maxErrors">How many errors one payload reports at most (<c>Gateway:Limits:MaxErrors</c>), as the initial one does.</param>
public sealed class IncrementalDelivery(IncrementalFormat format, int maxErrors = int.MaxValue)
{
    internal const string Key = "gateway:incrementalDelivery";

    private readonly Lock _gate = new();
    private List<IncrementalWork> _found = [];
    private List<IncrementalWork> _pending = [];
    private readonly HashSet<ExecutionNode> _failed = new(ReferenceEqualityComparer.Instance);
    private IncrementalExecutionStrategy? _strategy;
    private ExecutionContext? _context;
    private int _nextId;

    public IncrementalFormat Format { get; } = format;

    /// <summary>Whether pieces are still to be delivered after the initial payload.</summary>
    public bool HasNext => _pending.Count > 0;

    internal static IncrementalDelivery Of(ExecutionContext context) =>
        context.UserContext.TryGetValue(Key, out var value) && value is IncrementalDelivery delivery
            ? delivery
            : throw new InvalidOperationException("The incremental strategy runs only for requests with incremental delivery.");

    internal static bool IsRequested(ExecutionContext context) => context.UserContext.ContainsKey(Key);

    /// <summary>Adds <c>this</c> to a request's user context.</summary>
    public void AddTo(IDictionary<string, object?> userContext) => userContext[Key] = this;

    internal void Found(IncrementalWork work)
    {
        lock (_gate)
        {
            _found.Add(work);
        }
    }

    internal void Started(IncrementalExecutionStrategy strategy, ExecutionContext context)
    {
        (_strategy, _context) = (strategy, context);
        _pending = Announce();
    }

    /// <summary>
    /// The first payload, from the result the executor returned (its errors capped, its extensions added): the data
    /// without the deferred parts, and whether more follows; in the current format the pieces that will.
    /// </summary>
    private Dictionary<string, object?> Initial(ExecutionResult result)
    {
        var payload = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (result.Errors is { Count: > 0 } errors)
        {
            payload["errors"] = errors;
        }
        payload["data"] = result.Data is ExecutionNode node ? node.ToValue() : result.Data;
        if (Format == IncrementalFormat.Current && _pending.Count > 0)
        {
            payload["pending"] = Pending(_pending);
        }
        if (result.Extensions is { Count: > 0 } extensions)
        {
            payload["extensions"] = extensions;
        }
        payload["hasNext"] = _pending.Count > 0;
        return payload;
    }

    /// <summary>Every payload of the response, as the transports write them: <see cref="Initial"/>, then <see cref="SubsequentAsync"/>.</summary>
    public async IAsyncEnumerable<Dictionary<string, object?>> PayloadsAsync(ExecutionResult result, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        yield return Initial(result);
        await foreach (var payload in SubsequentAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return payload;
        }
    }

    /// <summary>
    /// The payloads after the initial one: each round executes every piece announced last, then delivers them and
    /// announces what they set aside in turn, until nothing is pending.
    /// </summary>
    private async IAsyncEnumerable<Dictionary<string, object?>> SubsequentAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (_pending.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var round = _pending;
            var context = new ExecutionContext(_context!)
            {
                Errors = [],
                OutputExtensions = [],
                Metrics = GraphQL.Instrumentation.Metrics.None,
                CancellationToken = cancellationToken,
            };
            await _strategy!.ExecuteRoundAsync(context, round).ConfigureAwait(false);
            yield return Deliver(round, context.Errors);
        }
    }

    private Dictionary<string, object?> Deliver(List<IncrementalWork> round, ExecutionErrors errors)
    {
        var incremental = new List<Dictionary<string, object?>>();
        var completed = new List<Dictionary<string, object?>>();
        var owned = round.Select(piece => errors.Where(error => error.Path?.ToList() is { } path && piece.Owns(path)).ToList()).ToList();
        // A payload reports at most maxErrors errors, as the initial one does; the piece that reaches the limit says
        // how many more the payload had, and the pieces after it report none.
        var budget = maxErrors;
        var left = owned.Sum(own => own.Count) - maxErrors;
        for (var i = 0; i < owned.Count && left > 0; i++)
        {
            if (owned[i].Count <= budget)
            {
                budget -= owned[i].Count;
                continue;
            }
            owned[i] = [.. owned[i].Take(budget), Transport.GatewayExecutor.LeftOut(left, maxErrors, "a payload")];
            for (var j = i + 1; j < owned.Count; j++)
            {
                owned[j] = [];
            }
            break;
        }
        for (var index = 0; index < round.Count; index++)
        {
            var piece = round[index];
            var own = owned[index];
            var (value, failed) = Complete(piece);
            if (failed)
            {
                _failed.UnionWith(piece.Executed);
            }
            var key = piece is StreamedItems ? "items" : "data";
            if (Format == IncrementalFormat.Current)
            {
                if (!failed)
                {
                    incremental.Add(Entry(("id", piece.Id), (key, value), ("errors", own.Count > 0 ? own : null)));
                }
                completed.Add(Entry(("id", piece.Id), ("errors", failed ? own : null)));
            }
            else
            {
                var path = piece is StreamedItems stream ? [.. piece.Path, stream.Start] : piece.Path;
                var entry = Entry((key, value), ("path", path), ("label", piece.Label), ("errors", own.Count > 0 ? own : null));
                // A fragment whose non-null field failed is delivered as null, with the errors that nulled it.
                entry[key] = failed ? null : value;
                incremental.Add(entry);
            }
        }
        _pending = Announce();
        var payload = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (Format == IncrementalFormat.Current && _pending.Count > 0)
        {
            payload["pending"] = Pending(_pending);
        }
        if (incremental.Count > 0)
        {
            payload["incremental"] = incremental;
        }
        if (completed.Count > 0)
        {
            payload["completed"] = completed;
        }
        payload["hasNext"] = _pending.Count > 0;
        return payload;
    }

    /// <summary>A piece's value, null propagated up to its own boundary: a non-null field that failed fails the fragment (or a non-null item the stream).</summary>
    private static (object? Value, bool Failed) Complete(IncrementalWork piece)
    {
        if (piece is DeferredFragment fragment)
        {
            var wrapper = new RootExecutionNode(fragment.Type, null) { SubFields = fragment.Fields };
            return wrapper.PropagateNull() ? (null, true) : (wrapper.ToValue(), false);
        }
        var stream = (StreamedItems)piece;
        var nonNullItems = ((GraphQL.Types.ListGraphType)stream.List.GraphType).ResolvedType is GraphQL.Types.NonNullGraphType;
        var items = new object?[stream.Items.Count];
        for (var i = 0; i < items.Length; i++)
        {
            if (stream.Items[i].PropagateNull() && nonNullItems)
            {
                return (null, true);
            }
            items[i] = stream.Items[i].ToValue();
        }
        return (items, false);
    }

    /// <summary>What was set aside since the last announcement, without the pieces whose parent was nulled (they are never sent).</summary>
    private List<IncrementalWork> Announce()
    {
        List<IncrementalWork> found;
        lock (_gate)
        {
            (found, _found) = (_found, []);
        }
        var alive = found.Where(IsAlive).ToList();
        foreach (var piece in alive)
        {
            piece.Id = (_nextId++).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        return alive;
    }

    private bool IsAlive(IncrementalWork piece)
    {
        for (var node = piece.Node; node is not null; node = node.Parent)
        {
            var nulled = node switch
            {
                ObjectExecutionNode o => o.SubFields is null,
                ArrayExecutionNode a => a.Items is null && a.SerializedResult is null,
                _ => false,
            };
            if (nulled || _failed.Contains(node))
            {
                return false;
            }
        }
        return true;
    }

    private static List<Dictionary<string, object?>> Pending(List<IncrementalWork> pieces) =>
        [.. pieces.Select(piece => Entry(("id", piece.Id), ("path", piece.Path), ("label", piece.Label)))];

    /// <summary>A JSON object of the members given, those with a null value left out.</summary>
    private static Dictionary<string, object?> Entry(params (string Name, object? Value)[] members)
    {
        var entry = new Dictionary<string, object?>(members.Length, StringComparer.Ordinal);
        foreach (var (name, value) in members)
        {
            if (value is not null)
            {
                entry[name] = value;
            }
        }
        return entry;
    }
}

/// <summary>The initial result of an incrementally delivered execution, with the rest to come from its <see cref="Delivery"/>.</summary>
public sealed class IncrementalExecutionResult(IncrementalDelivery delivery) : ExecutionResult
{
    public IncrementalDelivery Delivery { get; } = delivery;
}
