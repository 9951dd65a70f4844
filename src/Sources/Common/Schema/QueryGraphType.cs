using GraphQL.Types;

namespace Gateway.Sources.Common.Schema;

/// <summary>The unified <c>Query</c> type; its fields come from the sources.</summary>
public sealed class QueryGraphType : ObjectGraphType
{
    public QueryGraphType(IEnumerable<IFieldContributor<QueryGraphType>> contributors)
    {
        Name = "Query";
        Description = "Reads across the CRM, maps, weather and payments upstreams.";
        foreach (var contributor in contributors)
        {
            contributor.Contribute(this);
        }
    }
}
