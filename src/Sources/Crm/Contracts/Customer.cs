namespace Gateway.Sources.Crm.Contracts;

/// <summary>A customer as the CRM returns it.</summary>
public sealed record Customer(
    string Id,
    string Name,
    string Email,
    string Phone,
    string Company,
    CustomerTier Tier,
    string AccountManager,
    DateTimeOffset CreatedAt,
    Address Address);

/// <summary>A postal address; the maps source geocodes its one-line form.</summary>
public sealed record Address(string Street, string City, string PostalCode, string Country)
{
    public string OneLine => $"{Street}, {PostalCode} {City}, {Country}";
}

public enum CustomerTier
{
    Bronze,
    Silver,
    Gold,
    Platinum,
}
