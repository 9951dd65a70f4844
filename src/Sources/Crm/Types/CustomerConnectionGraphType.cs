using Gateway.Sources.Common.Schema;
using Gateway.Sources.Crm.Contracts;
using GraphQL.Types;

namespace Gateway.Sources.Crm.Types;

/// <summary>A page of customers; the CRM reports how many matched in all.</summary>
public sealed class CustomerConnectionGraphType : ConnectionGraphType<CustomerGraphType, Customer>
{
    public CustomerConnectionGraphType()
    {
        Field<NonNullGraphType<IntGraphType>>("totalCount").Description("How many customers matched the search.")
            .Resolve(c => c.Source.TotalCount ?? 0);
    }
}
