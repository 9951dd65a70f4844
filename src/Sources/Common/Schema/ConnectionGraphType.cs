using Gateway.Sources.Common.Paging;
using GraphQL.Types;

namespace Gateway.Sources.Common.Schema;

/// <summary>A Relay connection shaped as Hot Chocolate shapes them: <c>edges { cursor node }</c>, <c>nodes</c>, <c>pageInfo</c>.</summary>
public class ConnectionGraphType<TNodeGraphType, TNode> : ObjectGraphType<Connection<TNode>>
    where TNodeGraphType : IGraphType
{
    public ConnectionGraphType()
    {
        var node = GraphTypeNames.Of<TNodeGraphType>();
        Name = node + "Connection";
        Description = $"A page of {node} items.";
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<EdgeGraphType<TNodeGraphType, TNode>>>>>("edges")
            .Description("The items of this page, each with its cursor.")
            .Resolve(context => context.Source.Edges);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<TNodeGraphType>>>>("nodes")
            .Description("The items of this page, without cursors.")
            .Resolve(context => context.Source.Nodes);
        Field<NonNullGraphType<PageInfoGraphType>>("pageInfo")
            .Description("Where this page stands in the whole list.")
            .Resolve(context => context.Source.PageInfo);
    }
}

/// <summary>One item of a connection with its cursor.</summary>
public sealed class EdgeGraphType<TNodeGraphType, TNode> : ObjectGraphType<Edge<TNode>>
    where TNodeGraphType : IGraphType
{
    public EdgeGraphType()
    {
        var node = GraphTypeNames.Of<TNodeGraphType>();
        Name = node + "Edge";
        Description = $"A {node} and the cursor that points at it.";
        Field<NonNullGraphType<StringGraphType>>("cursor").Description("Pass as `after` to continue after this item.")
            .Resolve(context => context.Source.Cursor);
        Field<NonNullGraphType<TNodeGraphType>>("node").Description("The item.").Resolve(context => context.Source.Node);
    }
}

/// <summary>Relay's PageInfo.</summary>
public sealed class PageInfoGraphType : ObjectGraphType<PageInfo>
{
    public PageInfoGraphType()
    {
        Name = "PageInfo";
        Description = "Information about pagination in a connection.";
        Field(x => x.HasNextPage).Description("Whether more items follow this page.");
        Field(x => x.HasPreviousPage).Description("Whether items precede this page.");
        Field(x => x.StartCursor, nullable: true).Description("The cursor of the first item of this page.");
        Field(x => x.EndCursor, nullable: true).Description("The cursor of the last item of this page.");
    }
}

/// <summary>GraphQL names derived from graph type class names (<c>PaymentGraphType</c> is <c>Payment</c>).</summary>
public static class GraphTypeNames
{
    public static string Of<TGraphType>()
    {
        var name = typeof(TGraphType).Name;
        return name.EndsWith("GraphType", StringComparison.Ordinal) ? name[..^"GraphType".Length] : name;
    }
}
