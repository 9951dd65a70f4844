using Gateway.Sources.Common.Schema;
using GraphQL.Types;

namespace Gateway.Schema;

/// <summary>The unified schema: root types whose fields the sources contribute.</summary>
public sealed class GatewaySchema : GraphQL.Types.Schema
{
    public GatewaySchema(
        IServiceProvider services,
        QueryGraphType query,
        MutationGraphType mutation,
        SubscriptionGraphType subscription,
        Gateway.Sources.Declarative.Schema.DeclarativeGraphTypes declarative)
        : base(services)
    {
        foreach (var type in declarative.Types)
        {
            RegisterType(type);
        }
        foreach (var (name, type) in SharedGraphTypes.ByName)
        {
            if (declarative.References(name))
            {
                RegisterType(type);
            }
        }
        Description = "One GraphQL API over the CRM, maps, weather and payments upstreams.";
        Query = query;
        // GraphQL forbids an object type without fields; a gateway with no mutating source has no Mutation type.
        if (mutation.Fields.Count > 0)
        {
            Mutation = mutation;
        }
        if (subscription.Fields.Count > 0)
        {
            Subscription = subscription;
        }
    }
}
