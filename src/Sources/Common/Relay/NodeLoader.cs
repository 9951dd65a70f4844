using System.Runtime.CompilerServices;
using Gateway.Sources.Common.DataLoading;
using GraphQL;
using GraphQL.DataLoader;
using GraphQL.Types;

namespace Gateway.Sources.Common.Relay;

/// <summary>
/// How <c>node</c> and <c>nodes</c> load objects of one type by their local ids: through the loader the type's own
/// fields use, so they share its batches and cache entries. A type whose lookup needs a scope says which; a caller
/// without it gets an error at each of its ids and no upstream call. A local id the upstream cannot look up (which
/// <see cref="Accepts"/> refuses) is not found, and never sent.
/// </summary>
/// <param name="Load">Queues the local ids on the type's loader and gives one outcome per id, in order.</param>
/// <param name="RequiredScope">The scope a caller needs to load the type this way, if any.</param>
/// <param name="Accepts">Whether a local id is one the upstream can look up; every id when null.</param>
public sealed record NodeLoader(
    Func<IResolveFieldContext, IReadOnlyList<string>, IDataLoaderResult<IReadOnlyList<LoadResult<object>>>> Load,
    string? RequiredScope = null,
    Func<string, bool>? Accepts = null);

/// <summary>Declares object types as Relay nodes.</summary>
public static class NodeTypes
{
    public const string InterfaceName = "Node";

    private const string LoaderKey = "gateway:nodeLoader";

    /// <summary>What <c>node</c>/<c>nodes</c> returned, by the type it was loaded as (a declarative value is JSON of any type).</summary>
    private static readonly ConditionalWeakTable<object, IObjectGraphType> LoadedAs = new();

    /// <summary>
    /// Makes <paramref name="type"/> implement <c>Node</c>, loaded by <paramref name="loader"/>. Its <c>id</c> field
    /// must answer <see cref="GlobalId.Encode"/> of its name and local id.
    /// </summary>
    public static void ImplementNode(this IObjectGraphType type, NodeLoader loader)
    {
        type.Interfaces.Add<NodeInterfaceGraphType>();
        type.Metadata[LoaderKey] = loader;
    }

    internal static NodeLoader? NodeLoaderOf(IObjectGraphType type) => type.GetMetadata<NodeLoader?>(LoaderKey);

    internal static void Tag(object value, IObjectGraphType type) => LoadedAs.AddOrUpdate(value, type);

    internal static IObjectGraphType? TaggedType(object value) => LoadedAs.TryGetValue(value, out var type) ? type : null;
}
