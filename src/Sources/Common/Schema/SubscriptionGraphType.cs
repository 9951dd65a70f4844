using GraphQL.Types;

namespace Gateway.Sources.Common.Schema;

/// <summary>The unified <c>Subscription</c> type; its fields come from the sources.</summary>
public sealed class SubscriptionGraphType : ObjectGraphType
{
    public SubscriptionGraphType(IEnumerable<IFieldContributor<SubscriptionGraphType>> contributors)
    {
        Name = "Subscription";
        Description = "Real-time updates: payment webhooks, weather changes, customer changes.";
        foreach (var contributor in contributors)
        {
            contributor.Contribute(this);
        }
    }
}
