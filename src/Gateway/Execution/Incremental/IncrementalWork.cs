using GraphQL.Execution;
using GraphQL.Types;
using GraphQLParser.AST;

namespace Gateway.Execution.Incremental;

/// <summary>
/// What a response delivers later: a deferred fragment of an object or the rest of a streamed list. Found while its
/// parent executes, announced (given an id) once the payload that holds the parent goes out, executed in the next
/// round with every other piece announced with it.
/// </summary>
internal abstract class IncrementalWork(ExecutionNode node, string? label)
{
    /// <summary>The object a fragment is deferred on, or the list whose items are streamed.</summary>
    public ExecutionNode Node { get; } = node;

    public string? Label { get; } = label;

    /// <summary>The id the current RFC's payloads name it by, given when it is announced.</summary>
    public string Id { get; set; } = "";

    public List<object> Path { get; } = [.. node.ResponsePath];

    /// <summary>The nodes its round executed: a fragment's fields, or the streamed items.</summary>
    public abstract IReadOnlyList<ExecutionNode> Executed { get; }

    /// <summary>Whether an error at <paramref name="path"/> belongs to this piece.</summary>
    public bool Owns(IReadOnlyList<object> path)
    {
        if (path.Count <= Path.Count)
        {
            return false;
        }
        for (var i = 0; i < Path.Count; i++)
        {
            if (!Equals(path[i], Path[i]))
            {
                return false;
            }
        }
        return OwnsChild(path[Path.Count]);
    }

    protected abstract bool OwnsChild(object key);
}

/// <summary>A <c>@defer</c>red fragment of one object.</summary>
internal sealed class DeferredFragment(ObjectExecutionNode parent, IObjectGraphType type, GraphQLSelectionSet selections, string? label)
    : IncrementalWork(parent, label)
{
    public ObjectExecutionNode Parent { get; } = parent;

    public IObjectGraphType Type { get; } = type;

    public GraphQLSelectionSet Selections { get; } = selections;

    public ExecutionNode[] Fields { get; set; } = [];

    public override IReadOnlyList<ExecutionNode> Executed => Fields;

    protected override bool OwnsChild(object key) => Fields.Any(field => Equals(field.Name, key));
}

/// <summary>The items of a <c>@stream</c>ed list after its initial count.</summary>
internal sealed class StreamedItems(ArrayExecutionNode list, List<object?> values, int start, string? label)
    : IncrementalWork(list, label)
{
    public ArrayExecutionNode List { get; } = list;

    public List<object?> Values { get; } = values;

    /// <summary>The index of the first streamed item.</summary>
    public int Start { get; } = start;

    public List<ExecutionNode> Items { get; } = [];

    public override IReadOnlyList<ExecutionNode> Executed => Items;

    protected override bool OwnsChild(object key) => key is int index && index >= Start;
}
