namespace Gateway.Sources.Common.Paging;

/// <summary>A Relay connection page: edges with cursors, and whether more follow.</summary>
public sealed record Connection<TNode>(IReadOnlyList<Edge<TNode>> Edges, PageInfo PageInfo, int? TotalCount = null)
{
    public IEnumerable<TNode> Nodes => Edges.Select(edge => edge.Node);
}

public sealed record Edge<TNode>(string Cursor, TNode Node);

public sealed record PageInfo(bool HasNextPage, bool HasPreviousPage, string? StartCursor, string? EndCursor);
