using GraphQL.Types;

namespace Gateway.Sources.Common.Relay;

/// <summary>Relay's <c>Node</c>: an object with a global id that <c>node(id:)</c> fetches again.</summary>
public sealed class NodeInterfaceGraphType : InterfaceGraphType
{
    public NodeInterfaceGraphType()
    {
        Name = NodeTypes.InterfaceName;
        Description = "An object with a global id, which `node(id:)` and `nodes(ids:)` fetch again (Relay's object identification).";
        Field<NonNullGraphType<IdGraphType>>("id").Description("The object's global id: opaque, and unique across every type.");
        // Values reach a Node field only through node and nodes, which record the type each was loaded as;
        // a code-first type's own IsTypeOf is the fallback.
        ResolveType = value => NodeTypes.TaggedType(value) ?? PossibleTypes.FirstOrDefault(type => type.IsTypeOf?.Invoke(value) == true);
    }
}
