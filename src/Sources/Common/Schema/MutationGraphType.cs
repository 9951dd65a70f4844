using GraphQL.Types;

namespace Gateway.Sources.Common.Schema;

/// <summary>The unified <c>Mutation</c> type; its fields come from the sources.</summary>
public sealed class MutationGraphType : ObjectGraphType
{
    public MutationGraphType(IEnumerable<IFieldContributor<MutationGraphType>> contributors)
    {
        Name = "Mutation";
        Description = "Changes forwarded to the upstream that owns the data.";
        foreach (var contributor in contributors)
        {
            contributor.Contribute(this);
        }
    }
}
