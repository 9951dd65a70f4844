using Gateway.Sources.Common.Schema;
using GraphQL.Types;

namespace Gateway.Sources.Crm.Types;

/// <summary>One sort key of <c>searchCustomers</c>; the CRM sorts by one key.</summary>
public sealed class CustomerSort
{
    public SortDirection? Id { get; set; }

    public SortDirection? Name { get; set; }

    public SortDirection? CreatedAt { get; set; }
}

public sealed class CustomerSortInputGraphType : InputObjectGraphType<CustomerSort>
{
    public CustomerSortInputGraphType()
    {
        Name = "CustomerSortInput";
        Description = "Sorts customers by one field; set exactly one.";
        // @oneOf: "exactly one" is said in the schema, so clients and validation know it, not only the prose.
        IsOneOf = true;
        Field<SortEnumGraphType>("id").Description("By CRM id.");
        Field<SortEnumGraphType>("name").Description("By name.");
        Field<SortEnumGraphType>("createdAt").Description("By creation date.");
    }
}
