using System.Collections;
using GraphQL;
using GraphQL.DataLoader;
using GraphQL.Execution;
using ExecutionContext = GraphQL.Execution.ExecutionContext;
using GraphQL.Types;
using GraphQLParser;
using GraphQLParser.AST;

namespace Gateway.Execution.Incremental;

/// <summary>
/// Executes a query or mutation that uses <c>@defer</c> or <c>@stream</c> for a client that takes incremental
/// delivery, on GraphQL.NET's parallel strategy. Fields are collected as the spec collects them, except that an active
/// <c>@defer</c> fragment is set aside with its object and a streamed list keeps its first items; the initial result
/// is returned as soon as the rest is done. What was set aside then runs in rounds (<see cref="ExecuteRoundAsync"/>):
/// every piece announced by one payload executes in one node tree, so the fields of 50 deferred fragments queue on
/// their DataLoaders together and cost one upstream request per source and level, in the request's own scope.
/// </summary>
public sealed class IncrementalExecutionStrategy : ParallelExecutionStrategy
{
    public static new IncrementalExecutionStrategy Instance { get; } = new();

    public override async Task<ExecutionResult> ExecuteAsync(ExecutionContext context)
    {
        var delivery = IncrementalDelivery.Of(context);
        var root = BuildExecutionRootNode(context, GetOperationRootType(context));
        if (context.Operation.Operation == OperationType.Mutation)
        {
            // A mutation's root fields run one after another, as the serial strategy runs them; below them, in parallel.
            foreach (var field in root.SubFields ?? [])
            {
                await ExecuteNodeTreeAsync(context, field).ConfigureAwait(false);
            }
        }
        else
        {
            await ExecuteNodeTreeAsync(context, root).ConfigureAwait(false);
        }
        var data = root.PropagateNull() ? null : root;
        // The context is disposed when the executer returns; later rounds run on a copy, as subscription events do.
        delivery.Started(this, new ExecutionContext(context));
        return new IncrementalExecutionResult(delivery)
        {
            Executed = true,
            Data = data,
            Query = context.Document.Source.ToString(),
            Document = context.Document,
            Operation = context.Operation,
            Extensions = context.OutputExtensions,
        };
    }

    /// <summary>Executes <paramref name="work"/> (announced together) in one node tree under <paramref name="context"/>.</summary>
    internal async Task ExecuteRoundAsync(ExecutionContext context, IReadOnlyList<IncrementalWork> work)
    {
        var delivery = IncrementalDelivery.Of(context);
        var nodes = new List<ExecutionNode>();
        foreach (var piece in work)
        {
            if (piece is DeferredFragment fragment)
            {
                fragment.Fields = BuildFields(context, fragment.Parent, fragment.Type, fragment.Selections, delivery);
                nodes.AddRange(fragment.Fields);
            }
            else if (piece is StreamedItems stream)
            {
                var itemType = ((ListGraphType)stream.List.GraphType).ResolvedType!;
                for (var i = 0; i < stream.Values.Count; i++)
                {
                    var item = BuildExecutionNode(stream.List, itemType, stream.List.Field, stream.List.FieldDefinition, stream.Start + i);
                    item.Result = stream.Values[i];
                    if (item.Result is not IDataLoaderResult)
                    {
                        await CompleteNodeAsync(context, item).ConfigureAwait(false);
                    }
                    stream.Items.Add(item);
                    nodes.Add(item);
                }
            }
        }
        var round = new RootExecutionNode(context.Schema.Query, null) { SubFields = [.. nodes] };
        await ExecuteNodeTreeAsync(context, round).ConfigureAwait(false);
    }

    protected override void SetSubFieldNodes(ExecutionContext context, ObjectExecutionNode parent)
    {
        var delivery = IncrementalDelivery.Of(context);
        var type = parent.GetObjectGraphType(context.Schema) ?? (IObjectGraphType)parent.GraphType;
        parent.SubFields = BuildFields(context, parent, type, parent.SelectionSet!, delivery);
    }

    /// <summary>The nodes of the fields <paramref name="selections"/> collects on <paramref name="parent"/>, its deferred fragments set aside.</summary>
    private ExecutionNode[] BuildFields(ExecutionContext context, ObjectExecutionNode parent, IObjectGraphType type, GraphQLSelectionSet selections, IncrementalDelivery delivery) =>
        [.. Collect(context, parent, type, selections, delivery).Values.Select(field => BuildExecutionNode(parent, field.Type.ResolvedType!, field.Field, field.Type))];

    protected override Task SetArrayItemNodesAsync(ExecutionContext context, ArrayExecutionNode parent)
    {
        if (IncrementalDirectives.IsStreamed(context, parent.Field, out var label, out var initialCount) && parent.Result is IEnumerable values and not string)
        {
            if (initialCount < 0)
            {
                throw new Gateway.Sources.Common.Errors.BadUserInputError($"@stream's initialCount is {initialCount}; it cannot be negative.");
            }
            var items = values.Cast<object?>().ToList();
            if (items.Count > initialCount)
            {
                // The list is complete (a source answers whole lists); its first items are delivered now, the rest later.
                parent.Result = items.GetRange(0, initialCount);
                IncrementalDelivery.Of(context).Found(new StreamedItems(parent, items.GetRange(initialCount, items.Count - initialCount), initialCount, label));
            }
        }
        return base.SetArrayItemNodesAsync(context, parent);
    }

    /// <summary>
    /// CollectFields of the spec (skip and include honoured, fragments visited once, fields of one response key merged),
    /// with each active <c>@defer</c> fragment whose type applies set aside as work on <paramref name="parent"/>.
    /// </summary>
    private Dictionary<string, (GraphQLField Field, FieldType Type)> Collect(
        ExecutionContext context, ObjectExecutionNode parent, IObjectGraphType type, GraphQLSelectionSet selections, IncrementalDelivery delivery)
    {
        var fields = new Dictionary<string, (GraphQLField Field, FieldType Type)>(StringComparer.Ordinal);
        var visited = new HashSet<string>(StringComparer.Ordinal);
        CollectInto(selections);
        return fields;

        void CollectInto(GraphQLSelectionSet set)
        {
            foreach (var selection in set.Selections)
            {
                switch (selection)
                {
                    case GraphQLField field when ShouldIncludeNode(context, field):
                        var definition = GetFieldDefinition(context.Schema, type, field)
                            ?? throw new InvalidOperationException($"'{type.Name}' has no field '{field.Name.StringValue}'.");
                        Add(context, fields, field, definition);
                        break;
                    case GraphQLFragmentSpread spread when ShouldIncludeNode(context, spread) && visited.Add(spread.FragmentName.Name.StringValue):
                        var fragment = context.Document.FindFragmentDefinition(spread.FragmentName.Name);
                        if (fragment is not null && DoesFragmentConditionMatch(context, fragment.TypeCondition.Type.Name, type))
                        {
                            Include(spread, fragment.SelectionSet);
                        }
                        break;
                    case GraphQLInlineFragment inline when ShouldIncludeNode(context, inline)
                        && DoesFragmentConditionMatch(context, inline.TypeCondition is { } condition ? condition.Type.Name.Value : (ROM)type.Name, type):
                        Include(inline, inline.SelectionSet);
                        break;
                }
            }
        }

        void Include(ASTNode fragment, GraphQLSelectionSet set)
        {
            if (IncrementalDirectives.IsDeferred(context, fragment, out var label))
            {
                delivery.Found(new DeferredFragment(parent, type, set, label));
            }
            else
            {
                CollectInto(set);
            }
        }
    }

    /// <summary>Adds a field under its response key; a second field of the same key merges its selections into the first.</summary>
    private static void Add(ExecutionContext context, Dictionary<string, (GraphQLField Field, FieldType Type)> fields, GraphQLField field, FieldType definition)
    {
        var key = field.Alias?.Name.StringValue ?? definition.Name;
        if (!fields.TryGetValue(key, out var first))
        {
            fields[key] = (field, definition);
            return;
        }
        var merged = new GraphQLField(first.Field.Name)
        {
            Alias = first.Field.Alias,
            Arguments = first.Field.Arguments,
            Directives = first.Field.Directives,
            Location = first.Field.Location,
            SelectionSet = first.Field.SelectionSet is null ? field.SelectionSet
                : field.SelectionSet is null ? first.Field.SelectionSet
                : new GraphQLSelectionSet([.. first.Field.SelectionSet.Selections, .. field.SelectionSet.Selections]),
        };
        // The merged field is a new node: it takes the first field's coerced arguments and directives.
        if (context.ArgumentValues?.TryGetValue(first.Field, out var arguments) == true)
        {
            ((IDictionary<GraphQLField, IDictionary<string, ArgumentValue>>)context.ArgumentValues)[merged] = arguments;
        }
        if (context.DirectiveValues?.TryGetValue(first.Field, out var directives) == true)
        {
            ((IDictionary<ASTNode, IDictionary<string, DirectiveInfo>>)context.DirectiveValues)[merged] = directives;
        }
        fields[key] = (merged, definition);
    }
}
