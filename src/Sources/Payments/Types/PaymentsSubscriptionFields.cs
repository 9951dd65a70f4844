using Gateway.Sources.Common.Authorization;
using Gateway.Sources.Common.Events;
using Gateway.Sources.Common.Relay;
using Gateway.Sources.Common.Schema;
using Gateway.Sources.Payments.Webhooks;
using GraphQL;
using GraphQL.Types;

namespace Gateway.Sources.Payments.Types;

/// <summary><c>paymentStatusChanged</c>, fed by the payments service's webhooks.</summary>
public sealed class PaymentsSubscriptionFields(IEventBus bus) : IFieldContributor<SubscriptionGraphType>
{
    public void Contribute(SubscriptionGraphType subscription) =>
        subscription.Field<NonNullGraphType<PaymentGraphType>>("paymentStatusChanged")
            .RequireScope(PaymentsScopes.Read)
            .Description("A payment changed (created, settled, failed, refunded). Filter by payment, by customer, or both.")
            .Argument<IdGraphType>("paymentId", "Only this payment (its global id or the payments service's own).",
                argument => argument.TakesIdsOf(PaymentGraphType.TypeName))
            .Argument<IdGraphType>("customerId", "Only this customer's payments (their global id or the CRM's own).",
                argument => argument.TakesIdsOf(CustomerIds.TypeName))
            .ResolveStream(context =>
            {
                var paymentId = context.GetArgument<string?>("paymentId") is { } id ? PaymentIds.Check(id) : null;
                var customerId = context.GetArgument<string?>("customerId") is { } customer ? int.Parse(CustomerIds.Check(customer), System.Globalization.CultureInfo.InvariantCulture) : (int?)null;
                return bus.Subscribe<object>(PaymentEvents.Channel, message =>
                    PaymentEvents.Deserialize(message) is { } payment
                    && (paymentId is null || payment.Id == paymentId)
                    && (customerId is null || payment.CustomerId == customerId)
                        ? payment
                        : null);
            })
            .Resolve(SubscriptionEvents.Resolve);
}
