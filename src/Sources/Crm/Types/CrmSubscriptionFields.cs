using Gateway.Sources.Common.Events;
using Gateway.Sources.Common.Schema;
using GraphQL;
using GraphQL.Types;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Sources.Crm.Types;

/// <summary><c>customerUpdated</c>, after a contact change through this gateway (any instance).</summary>
public sealed class CrmSubscriptionFields : IFieldContributor<SubscriptionGraphType>
{
    public void Contribute(SubscriptionGraphType subscription) =>
        subscription.Field<NonNullGraphType<CustomerGraphType>>("customerUpdated")
            .Description("A customer's contact details changed.")
            .Argument<NonNullGraphType<IdGraphType>>("id", "The customer to watch.")
            .ResolveStream(context =>
            {
                var id = CustomerIds.Check(context.GetArgument<string>("id"));
                return context.RequestServices!.GetRequiredService<IEventBus>().Subscribe<object>(CustomerEvents.Channel,
                    message => CustomerEvents.Deserialize(message) is { } customer && customer.Id == id ? customer : null);
            })
            .Resolve(SubscriptionEvents.Resolve);
}
