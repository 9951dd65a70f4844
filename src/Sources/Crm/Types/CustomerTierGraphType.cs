using Gateway.Sources.Crm.Contracts;
using GraphQL.Types;

namespace Gateway.Sources.Crm.Types;

public sealed class CustomerTierGraphType : EnumerationGraphType<CustomerTier>
{
    public CustomerTierGraphType()
    {
        Name = "CustomerTier";
        Description = "The commercial tier of a customer, from BRONZE up to PLATINUM.";
    }
}
