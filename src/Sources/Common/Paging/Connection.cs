namespace Gateway.Sources.Common.Paging;

/// <summary>
/// A Relay connection page: its nodes, and whether more follow. Edges, cursors and the page info are made when a
/// query asks for them, not before: <c>nodes</c> alone (the common case) costs no cursor.
/// </summary>
public sealed class Connection<TNode>(IReadOnlyList<TNode> nodes, Func<TNode, string> cursorOf, bool hasNextPage, bool hasPreviousPage)
{
    private IReadOnlyList<Edge<TNode>>? _edges;
    private PageInfo? _pageInfo;

    public IReadOnlyList<TNode> Nodes => nodes;

    // Made at most a few times under a race, each the same: no lock needed.
    public IReadOnlyList<Edge<TNode>> Edges => _edges ??= MakeEdges();

    public PageInfo PageInfo => _pageInfo ??= new PageInfo(hasNextPage, hasPreviousPage,
        nodes.Count > 0 ? cursorOf(nodes[0]) : null, nodes.Count > 0 ? cursorOf(nodes[^1]) : null);

    private Edge<TNode>[] MakeEdges()
    {
        var edges = new Edge<TNode>[nodes.Count];
        for (var i = 0; i < edges.Length; i++)
        {
            edges[i] = new Edge<TNode>(cursorOf(nodes[i]), nodes[i]);
        }
        return edges;
    }
}

public sealed record Edge<TNode>(string Cursor, TNode Node);

public sealed record PageInfo(bool HasNextPage, bool HasPreviousPage, string? StartCursor, string? EndCursor);
