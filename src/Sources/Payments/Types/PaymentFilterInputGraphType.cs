using Gateway.Sources.Common.Schema;
using GraphQL.Types;

namespace Gateway.Sources.Payments.Types;

/// <summary>Filters of <c>Customer.payments</c>; the payments service applies them.</summary>
public sealed class PaymentFilter
{
    public EnumOperationFilter<PaymentStatus>? Status { get; set; }

    public DecimalOperationFilter? Amount { get; set; }

    public DateTimeOperationFilter? CreatedAt { get; set; }
}

public sealed class PaymentFilterInputGraphType : InputObjectGraphType<PaymentFilter>
{
    public PaymentFilterInputGraphType()
    {
        Name = "PaymentFilterInput";
        Description = "Restricts a list of payments; all given conditions must hold.";
        Field<EnumOperationFilterInputGraphType<PaymentStatusGraphType, PaymentStatus>>("status").Description("The payment's status.");
        Field<DecimalOperationFilterInputGraphType>("amount").Description("The amount in major units.");
        Field<DateTimeOperationFilterInputGraphType>("createdAt").Description("When the payment was created.");
    }
}

/// <summary>One sort key of <c>Customer.payments</c>.</summary>
public sealed class PaymentSort
{
    public SortDirection? CreatedAt { get; set; }

    public SortDirection? Amount { get; set; }
}

public sealed class PaymentSortInputGraphType : InputObjectGraphType<PaymentSort>
{
    public PaymentSortInputGraphType()
    {
        Name = "PaymentSortInput";
        Description = "Sorts payments by one field; set exactly one.";
        IsOneOf = true;
        Field<SortEnumGraphType>("createdAt").Description("By creation date.");
        Field<SortEnumGraphType>("amount").Description("By amount.");
    }
}
