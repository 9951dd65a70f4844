using Gateway.Sources.Common.Schema;
using Gateway.Sources.Crm.Contracts;
using GraphQL.Types;

namespace Gateway.Sources.Crm.Types;

/// <summary>A postal address; the maps source adds <c>location</c>.</summary>
public sealed class AddressGraphType : ObjectGraphType<Address>
{
    public AddressGraphType(IEnumerable<IFieldContributor<AddressGraphType>> contributors)
    {
        Name = "Address";
        Description = "A postal address.";
        Field<NonNullGraphType<StringGraphType>>("street").Description("Street and number.").Resolve(c => c.Source.Street);
        Field<NonNullGraphType<StringGraphType>>("city").Description("City.").Resolve(c => c.Source.City);
        Field<NonNullGraphType<StringGraphType>>("postalCode").Description("Postal code.").Resolve(c => c.Source.PostalCode);
        Field<NonNullGraphType<StringGraphType>>("country").Description("Country name.").Resolve(c => c.Source.Country);
        foreach (var contributor in contributors)
        {
            contributor.Contribute(this);
        }
    }
}
