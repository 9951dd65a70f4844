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
        // Introspection as graphql-js 16 asks for it with every option on: isRepeatable, deprecated arguments and
        // input fields, specifiedByURL (with @specifiedBy on the scalars that follow a published specification).
        Features.RepeatableDirectives = true;
        Features.DeprecationOfInputValues = true;
        Directives.Register([.. SpecifiedByIntrospection.Definitions(), .. Execution.Incremental.IncrementalDirectives.Definitions()]);
        foreach (var scalar in SpecifiedByIntrospection.Scalars())
        {
            RegisterType(scalar);
        }
        this.RegisterVisitor(new SpecifiedByIntrospection());
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
