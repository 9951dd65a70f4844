using Gateway.Sources.Common.Authorization;
using System.Globalization;
using System.Text.RegularExpressions;
using Gateway.Sources.Common.DataLoading;
using Gateway.Sources.Common.Errors;
using Gateway.Sources.Common.Paging;
using Gateway.Sources.Common.Relay;
using Gateway.Sources.Common.Schema;
using Gateway.Sources.Payments.Contracts;
using Gateway.Sources.Payments.DataLoaders;
using GraphQL;
using GraphQL.Types;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Sources.Payments.Types;

/// <summary>The root field <c>payment(id)</c>.</summary>
public sealed class PaymentsQueryFields : IFieldContributor<QueryGraphType>
{
    public void Contribute(QueryGraphType query) =>
        query.Field<PaymentGraphType>("payment")
            .RequireScope(PaymentsScopes.Read)
            .Description("One payment by id.")
            .Argument<NonNullGraphType<IdGraphType>>("id", "The payment's global id, or the payments service's own id (`pay_000101`).",
                argument => argument.TakesIdsOf(PaymentGraphType.TypeName))
            .Resolve(Inject<PaymentByIdDataLoader>.Into((context, payments) =>
                payments.Load(PaymentIds.Check(context.GetArgument<string>("id")), context)));
}

/// <summary>Joins customers to their payments: <c>Customer.payments</c>.</summary>
public sealed class CustomerPaymentsField : INamedTypeContributor
{
    public const string CursorKind = "payments";

    /// <summary>The CRM's customer, declared by its source file (<c>sources/crm</c>).</summary>
    public string TypeName => CustomerIds.TypeName;

    public void Contribute(ObjectGraphType type) =>
        // Nullable on purpose: it crosses into another upstream, and a payments outage must not null the customer.
        type.Field<PaymentConnectionGraphType>("payments")
            .RequireScope(PaymentsScopes.Read)
            .Description("The customer's payments, newest first unless `order` says otherwise; null with an error when the payments service fails.")
            .Argument<IntGraphType>("first", $"Page size, 1 to {PageArguments.MaxFirst}; 10 when omitted.")
            .Argument<StringGraphType>("after", "The `endCursor` of the previous page.")
            .Argument<PaymentStatusGraphType>("status", "Only payments in this status (shorthand for `where: { status: { eq } }`).")
            .Argument<PaymentFilterInputGraphType>("where", "Conditions every payment must meet.")
            .Argument<ListGraphType<NonNullGraphType<PaymentSortInputGraphType>>>("order", "Sort order; one key.")
            .Resolve(Inject<PaymentsByCustomerDataLoader>.Into((context, pages) =>
            {
                var id = CustomerIds.TryNormalize(JsonMembers.Text(context.Source, "id"))
                    ?? throw new UpstreamError(PaymentsOptions.SourceName, "The customer has no id the payments service knows.");
                var query = BuildQuery(
                    PageArguments.CheckFirst(context.GetArgument<int?>("first")),
                    context.GetArgument<PaymentStatus?>("status"),
                    context.GetArgument<PaymentFilter?>("where"),
                    context.GetArgument<List<PaymentSort>?>("order"));
                var after = context.GetArgument<string?>("after") is { } cursor ? PaymentIds.Check(Cursor.Decode(CursorKind, cursor)) : null;
                var key = new PaymentPageKey(int.Parse(id, CultureInfo.InvariantCulture), after, query);
                return pages.Load(key, context, ToConnection, after is not null);
            }));

    private static readonly Func<Payment, string> CursorOf = payment => Cursor.Encode(CursorKind, payment.Id);

    private static readonly Func<PaymentPage, bool, IResolveFieldContext, object?> ToConnection =
        static (page, hasPrevious, _) => new Connection<Payment>(page.Data, CursorOf, page.HasMore, hasPrevious);


    private static PaymentListQuery BuildQuery(int first, PaymentStatus? status, PaymentFilter? where, List<PaymentSort>? order)
    {
        var statuses = new List<PaymentStatus>();
        if (status is { } only)
        {
            statuses.Add(only);
        }
        statuses.AddRange(where?.Status?.Values() ?? []);

        string? orderKey = null;
        if (order is { Count: > 1 })
        {
            throw new BadUserInputError("'order' takes one sort key.");
        }
        if (order is [var sort])
        {
            orderKey = (sort.CreatedAt, sort.Amount) switch
            {
                ({ } d, null) => d == SortDirection.Asc ? "created_asc" : "created_desc",
                (null, { } d) => d == SortDirection.Asc ? "amount_asc" : "amount_desc",
                _ => throw new BadUserInputError("Each 'order' entry sets exactly one field."),
            };
        }

        return new PaymentListQuery(
            first,
            statuses.Count == 0 ? null : string.Join(',', statuses.Distinct().Select(PaymentStatuses.ToUpstream).Order(StringComparer.Ordinal)),
            ToMinorUnits(where?.Amount?.Gte),
            ToMinorUnits(where?.Amount?.Lte),
            where?.CreatedAt?.Gte is { } from ? new DateTimeOffset(DateTime.SpecifyKind(from, DateTimeKind.Utc)) : null,
            where?.CreatedAt?.Lte is { } to ? new DateTimeOffset(DateTime.SpecifyKind(to, DateTimeKind.Utc)) : null,
            orderKey);
    }

    private static long? ToMinorUnits(decimal? value) => value is { } v ? (long)Math.Round(v * 100, MidpointRounding.AwayFromZero) : null;
}

/// <summary>Payment ids look like <c>pay_000101</c>; others are refused before the upstream is called.</summary>
public static partial class PaymentIds
{
    public static bool IsValid(string? id) => id is not null && Pattern().IsMatch(id);

    public static string Check(string? id) =>
        IsValid(id)
            ? id!
            : throw new BadUserInputError($"'{Truncate(id)}' is not a payment id.", PaymentsOptions.SourceName);

    private static string? Truncate(string? id) => id is { Length: > 48 } ? id[..48] + "…" : id;

    [GeneratedRegex("^pay_[A-Za-z0-9]{1,40}$")]
    private static partial Regex Pattern();
}
