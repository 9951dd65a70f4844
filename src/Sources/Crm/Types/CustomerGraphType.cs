using Gateway.Sources.Common.Schema;
using Gateway.Sources.Crm.Contracts;
using GraphQL.Types;

namespace Gateway.Sources.Crm.Types;

/// <summary>A CRM customer; other sources add fields (the payments source adds <c>payments</c>).</summary>
public sealed class CustomerGraphType : ObjectGraphType<Customer>
{
    public CustomerGraphType(IEnumerable<IFieldContributor<CustomerGraphType>> contributors)
    {
        Name = "Customer";
        Description = "A customer of the business, as the CRM knows them.";
        Field<NonNullGraphType<IdGraphType>>("id").Description("The CRM's id of the customer.").Resolve(c => c.Source.Id);
        Field<NonNullGraphType<StringGraphType>>("name").Description("Full name.").Resolve(c => c.Source.Name);
        Field<NonNullGraphType<StringGraphType>>("email").Description("Contact email address.").Resolve(c => c.Source.Email);
        Field<NonNullGraphType<StringGraphType>>("phone").Description("Contact phone number.").Resolve(c => c.Source.Phone);
        Field<NonNullGraphType<StringGraphType>>("company").Description("The company the customer works for.").Resolve(c => c.Source.Company);
        Field<NonNullGraphType<CustomerTierGraphType>>("tier").Description("Commercial tier.").Resolve(c => c.Source.Tier);
        Field<NonNullGraphType<StringGraphType>>("accountManager").Description("The account manager in charge.").Resolve(c => c.Source.AccountManager);
        Field<NonNullGraphType<DateTimeGraphType>>("createdAt").Description("When the customer was created in the CRM (UTC).")
            .Resolve(c => c.Source.CreatedAt.UtcDateTime);
        Field<NonNullGraphType<AddressGraphType>>("address").Description("Postal address.").Resolve(c => c.Source.Address);
        foreach (var contributor in contributors)
        {
            contributor.Contribute(this);
        }
    }
}
