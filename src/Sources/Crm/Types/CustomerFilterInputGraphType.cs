using Gateway.Sources.Common.Schema;
using Gateway.Sources.Crm.Contracts;
using GraphQL.Types;

namespace Gateway.Sources.Crm.Types;

/// <summary>Filters of <c>searchCustomers</c>; the CRM applies them, the gateway only translates.</summary>
public sealed class CustomerFilter
{
    public CustomerTierOperationFilter? Tier { get; set; }

    public StringOperationFilter? City { get; set; }

    public DateTimeOperationFilter? CreatedAt { get; set; }
}

public sealed class CustomerTierOperationFilter
{
    public CustomerTier? Eq { get; set; }

    public List<CustomerTier>? In { get; set; }
}

public sealed class CustomerFilterInputGraphType : InputObjectGraphType<CustomerFilter>
{
    public CustomerFilterInputGraphType()
    {
        Name = "CustomerFilterInput";
        Description = "Restricts a customer search; all given conditions must hold.";
        Field<CustomerTierOperationFilterInputGraphType>("tier").Description("The customer's tier.");
        Field<StringOperationFilterInputGraphType>("city").Description("The city of the customer's address.");
        Field<DateTimeOperationFilterInputGraphType>("createdAt").Description("When the customer was created.");
    }
}

public sealed class CustomerTierOperationFilterInputGraphType : InputObjectGraphType<CustomerTierOperationFilter>
{
    public CustomerTierOperationFilterInputGraphType()
    {
        Name = "CustomerTierOperationFilterInput";
        Description = "Matches a tier equal to `eq` or in `in`.";
        Field<CustomerTierGraphType>("eq").Description("Equal to this tier.");
        Field<ListGraphType<NonNullGraphType<CustomerTierGraphType>>>("in").Description("One of these tiers.");
    }
}
