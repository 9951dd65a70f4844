using GraphQL.Types;

namespace Gateway.Sources.Common.Schema;

public enum SortDirection
{
    Asc,
    Desc,
}

/// <summary>The sort direction of an <c>order</c> input field, named as Hot Chocolate names it.</summary>
public sealed class SortEnumGraphType : EnumerationGraphType<SortDirection>
{
    public SortEnumGraphType()
    {
        Name = "SortEnumType";
        Description = "Ascending or descending order.";
    }
}
