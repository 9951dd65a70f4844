using Gateway.Sources.Common.Schema;
using Gateway.Sources.Crm.Contracts;
using GraphQL.Types;

namespace Gateway.Sources.Crm.Types;

/// <summary>Filters of <c>searchCustomers</c>; the CRM applies them, the gateway only translates.</summary>
public sealed class CustomerFilter
{
    public EnumOperationFilter<CustomerTier>? Tier { get; set; }

    public StringOperationFilter? City { get; set; }

    public DateTimeOperationFilter? CreatedAt { get; set; }
}

public sealed class CustomerFilterInputGraphType : InputObjectGraphType<CustomerFilter>
{
    public CustomerFilterInputGraphType()
    {
        Name = "CustomerFilterInput";
        Description = "Restricts a customer search; all given conditions must hold.";
        Field<EnumOperationFilterInputGraphType<CustomerTierGraphType, CustomerTier>>("tier").Description("The customer's tier.");
        Field<StringOperationFilterInputGraphType>("city").Description("The city of the customer's address.");
        Field<DateTimeOperationFilterInputGraphType>("createdAt").Description("When the customer was created.");
    }
}
