namespace Gateway.Sources.Crm.Contracts;

/// <summary>The CRM's <c>SearchCustomers</c>: filters and one sort key are applied by the CRM itself.</summary>
public sealed record CustomerSearch(
    string Query,
    int Page,
    int PageSize,
    IReadOnlyList<CustomerTier>? Tiers = null,
    IReadOnlyList<string>? Cities = null,
    DateTimeOffset? CreatedFrom = null,
    DateTimeOffset? CreatedTo = null,
    string? OrderBy = null,
    bool Descending = false);

public sealed record CustomerSearchResult(int Total, IReadOnlyList<Customer> Customers);
