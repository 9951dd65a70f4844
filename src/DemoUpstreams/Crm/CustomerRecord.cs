namespace DemoUpstreams.Crm;

/// <summary>A CRM customer as the SOAP service stores it.</summary>
public sealed record CustomerRecord(
    int Id,
    string Name,
    string Email,
    string Phone,
    string Company,
    string Tier,
    string AccountManager,
    DateTimeOffset CreatedAt,
    PostalAddress Address);

/// <summary>A postal address in one of <see cref="Data.Cities"/>.</summary>
public sealed record PostalAddress(string Street, string City, string PostalCode, string Country)
{
    /// <summary>The one-line form the maps upstream geocodes: "12 Main Street, 10115 Berlin, Germany".</summary>
    public string OneLine => $"{Street}, {PostalCode} {City}, {Country}";
}
