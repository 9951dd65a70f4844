using Gateway.Sources.Common.Authorization;
using Gateway.Sources.Common.DataLoading;
using Gateway.Sources.Common.Errors;
using Gateway.Sources.Common.Schema;
using GraphQL;
using GraphQL.DataLoader;
using GraphQL.Types;

namespace Gateway.Sources.Common.Relay;

/// <summary>
/// The root fields <c>node(id:)</c> and <c>nodes(ids:)</c>. Every id is decoded and queued on its type's loader
/// before any is awaited, so <c>nodes</c> over 50 customers and 3 payments is one CRM call and one payments call,
/// shared with whatever else the request loads. A malformed id, one of a type that is not a node and one the
/// upstream does not know are null with <c>NOT_FOUND</c> at their own position; the others still load.
/// </summary>
public sealed class NodeQueryFields : IFieldContributor<QueryGraphType>
{
    public const int MaxIds = 500;

    public void Contribute(QueryGraphType query)
    {
        query.Field<NodeInterfaceGraphType>("node")
            .Description("The object a global id names; null with a `NOT_FOUND` error when it names none.")
            .Argument<NonNullGraphType<IdGraphType>>("id", "A global id: the `id` of a `Node`.")
            .Resolve(context => Load(context, [context.GetArgument<string>("id")]).Then(loaded => loaded[0].ValueFor(context)));
        query.Field<NonNullGraphType<ListGraphType<NodeInterfaceGraphType>>>("nodes")
            .Description("The objects global ids name, in the order asked, in one batch per type. An id that names none gives null at its position and an error at that path.")
            .Argument<NonNullGraphType<ListGraphType<NonNullGraphType<IdGraphType>>>>("ids", $"Up to {MaxIds} global ids.")
            .Resolve(context =>
            {
                var ids = context.GetArgument<List<string>>("ids");
                return ids.Count > MaxIds
                    ? throw new BadUserInputError($"'ids' takes up to {MaxIds} ids; {ids.Count} were given.")
                    : Load(context, ids).AsListWithItemErrors(context);
            });
    }

    private static NodeBatch Load(IResolveFieldContext context, List<string> ids)
    {
        var results = new LoadResult<object>[ids.Count];
        var wanted = new Dictionary<IObjectGraphType, List<(int Index, string LocalId)>>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < ids.Count; i++)
        {
            if (GlobalId.TryDecode(ids[i], out var typeName, out var localId)
                && context.Schema.AllTypes[typeName] is IObjectGraphType type && NodeTypes.NodeLoaderOf(type) is { } loader
                && loader.Accepts?.Invoke(localId) != false)
            {
                if (!wanted.TryGetValue(type, out var items))
                {
                    wanted[type] = items = [];
                }
                items.Add((i, localId));
            }
            else
            {
                results[i] = LoadResult<object>.Failed(new UnknownNodeError(ids[i]));
            }
        }
        var batches = new List<TypeBatch>(wanted.Count);
        foreach (var (type, items) in wanted)
        {
            var loader = NodeTypes.NodeLoaderOf(type)!;
            if (loader.RequiredScope is { } scope && ScopeAuthorization.Refusal(context, scope, $"A {type.Name}") is { } refusal)
            {
                foreach (var (index, _) in items)
                {
                    results[index] = LoadResult<object>.Failed(refusal);
                }
                continue;
            }
            batches.Add(new TypeBatch(type, items, loader.Load(context, [.. items.Select(item => item.LocalId)])));
        }
        return new NodeBatch(results, batches);
    }

    private sealed record TypeBatch(IObjectGraphType Type, List<(int Index, string LocalId)> Items,
        IDataLoaderResult<IReadOnlyList<LoadResult<object>>> Loaded);

    /// <summary>The outcomes of every type's batch, in the order the ids were asked, each value tagged with its type.</summary>
    private sealed class NodeBatch(LoadResult<object>[] results, List<TypeBatch> batches) : IDataLoaderResult<IReadOnlyList<LoadResult<object>>>
    {
        public async Task<IReadOnlyList<LoadResult<object>>> GetResultAsync(CancellationToken cancellationToken = default)
        {
            // Every type's batch is started before any is awaited, so the upstreams are asked at once.
            var started = batches.Select(batch => batch.Loaded.GetResultAsync(cancellationToken)).ToList();
            for (var b = 0; b < batches.Count; b++)
            {
                var loaded = await started[b].ConfigureAwait(false);
                var (type, items, _) = batches[b];
                for (var j = 0; j < items.Count; j++)
                {
                    results[items[j].Index] = loaded[j];
                    if (loaded[j].Value is { } value)
                    {
                        NodeTypes.Tag(value, type);
                    }
                }
            }
            return results;
        }

        async Task<object?> IDataLoaderResult.GetResultAsync(CancellationToken cancellationToken) =>
            await GetResultAsync(cancellationToken).ConfigureAwait(false);
    }
}
