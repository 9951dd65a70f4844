using Gateway.Sources.Common.DataLoading;
using Gateway.Sources.Common.Errors;
using Gateway.Sources.Common.Relay;
using Gateway.Sources.Common.Schema;
using Gateway.Sources.Payments.Contracts;
using Gateway.Sources.Payments.DataLoaders;
using GraphQL;
using GraphQL.DataLoader;
using GraphQL.Types;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Sources.Payments.Types;

public enum PaymentStatus
{
    Pending,
    Succeeded,
    Failed,
    Refunded,
}

public sealed class PaymentStatusGraphType : EnumerationGraphType<PaymentStatus>
{
    public PaymentStatusGraphType()
    {
        Name = "PaymentStatus";
        Description = "Where a payment stands: PENDING until it settles as SUCCEEDED or FAILED; REFUNDED after a refund.";
    }
}

public sealed class MoneyGraphType : ObjectGraphType<Money>
{
    /// <param name="contributors">Fields other sources add (the exchange-rates source adds <c>in(currency:)</c>).</param>
    public MoneyGraphType(IEnumerable<IFieldContributor<MoneyGraphType>> contributors)
    {
        Name = "Money";
        Description = "An amount of money.";
        Field<NonNullGraphType<DecimalGraphType>>("value").Description("The amount in major units (euros, not cents).")
            .Resolve(c => c.Source.Value);
        Field<NonNullGraphType<StringGraphType>>("currency").Description("ISO 4217 currency code.").Resolve(c => c.Source.Currency);
        foreach (var contributor in contributors)
        {
            contributor.Contribute(this);
        }
    }
}

/// <summary>A payment; other sources add fields (the CRM's source file adds <c>customer</c>, from <c>customerId</c>).</summary>
public sealed class PaymentGraphType : ObjectGraphType<Payment>
{
    public const string TypeName = "Payment";

    public PaymentGraphType(IEnumerable<IFieldContributor<PaymentGraphType>> contributors)
    {
        Name = TypeName;
        Description = "A payment by a customer.";
        Field<NonNullGraphType<IdGraphType>>("id").Description("The payment's global id (opaque; `node(id:)` fetches the payment again).")
            .Resolve(c => GlobalId.Encode(TypeName, c.Source.Id));
        Field<NonNullGraphType<IdGraphType>>("paymentId").Description("The payments service's own id, for example `pay_000101`.")
            .Resolve(c => c.Source.Id);
        Field<NonNullGraphType<MoneyGraphType>>("amount").Description("How much was paid.")
            .Resolve(c => c.Source.Money);
        Field<NonNullGraphType<PaymentStatusGraphType>>("status").Description("Where the payment stands.")
            .Resolve(c => PaymentStatuses.Parse(c.Source.Status));
        Field<NonNullGraphType<DateTimeGraphType>>("createdAt").Description("When the payment was created (UTC).")
            .Resolve(c => c.Source.CreatedAt.UtcDateTime);
        Field<DateTimeGraphType>("refundedAt").Description("When the payment was refunded (UTC), if it was.")
            .Resolve(c => c.Source.RefundedAt?.UtcDateTime);
        Field<StringGraphType>("description").Description("What the payment was for.").Resolve(c => c.Source.Description);
        foreach (var contributor in contributors)
        {
            contributor.Contribute(this);
        }
        this.ImplementNode(new NodeLoader(LoadNodes, PaymentsScopes.Read, PaymentIds.IsValid));
    }

    /// <summary>Payments for <c>node</c>/<c>nodes</c>, through the loader <c>payment(id)</c> uses.</summary>
    private static IDataLoaderResult<IReadOnlyList<LoadResult<object>>> LoadNodes(IResolveFieldContext context, IReadOnlyList<string> ids) =>
        Inject<PaymentByIdDataLoader>.From(context).LoadMany(ids).Then(loaded =>
            (IReadOnlyList<LoadResult<object>>)[.. loaded.Select((result, i) => result.Value is not null
                ? result.As<object>(payment => payment)
                : LoadResult<object>.Failed(result.Error ?? new NotFoundError(PaymentsOptions.SourceName, "Payment", ids[i])))]);
}

public sealed class PaymentConnectionGraphType : ConnectionGraphType<PaymentGraphType, Payment>;

internal static class PaymentStatuses
{
    public static PaymentStatus Parse(string value) =>
        Enum.TryParse<PaymentStatus>(value, ignoreCase: true, out var status)
            ? status
            : throw new UpstreamError(PaymentsOptions.SourceName, "The payments upstream reported an unknown status.");

    public static string ToUpstream(PaymentStatus status) => status.ToString().ToLowerInvariant();
}
