using System.Collections.Concurrent;
using System.Net.Mail;
using DemoUpstreams.Data;

namespace DemoUpstreams.Crm;

/// <summary>About 1,000 seeded customers; the same on every start.</summary>
public sealed class CrmStore
{
    public const int CustomerCount = 1000;
    public static readonly string[] Tiers = ["Bronze", "Silver", "Gold", "Platinum"];

    private static readonly string[] FirstNames =
        ["Ada", "Alan", "Grace", "Linus", "Margaret", "Ken", "Barbara", "Dennis", "Frances", "Edsger", "Radia", "Tim",
         "Hedy", "John", "Katherine", "Donald", "Sophie", "Niklaus", "Anita", "Bjarne"];

    private static readonly string[] LastNames =
        ["Lovelace", "Turing", "Hopper", "Torvalds", "Hamilton", "Thompson", "Liskov", "Ritchie", "Allen", "Dijkstra",
         "Perlman", "Berners-Lee", "Lamarr", "Backus", "Johnson", "Knuth", "Wilson", "Wirth", "Borg", "Stroustrup"];

    private static readonly string[] Companies =
        ["Acme", "Globex", "Initech", "Umbrella", "Hooli", "Stark Industries", "Wayne Enterprises", "Tyrell", "Cyberdyne",
         "Soylent", "Vandelay", "Wonka"];

    private static readonly string[] Streets =
        ["Main Street", "Station Road", "Park Avenue", "Church Lane", "Market Square", "River Walk", "Harbour Road",
         "Garden Row", "Mill Lane", "Castle Street"];

    private static readonly string[] Managers = ["Alice Martin", "Bruno Keller", "Chloe Dubois", "Daniel Rossi", "Eva Lindqvist"];

    private readonly ConcurrentDictionary<int, CustomerRecord> _customers = new();

    public CrmStore()
    {
        var epoch = new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);
        for (var id = 1; id <= CustomerCount; id++)
        {
            var first = FirstNames[id % FirstNames.Length];
            var last = LastNames[(id * 7) % LastNames.Length];
            var city = Cities.All[(id * 13) % Cities.All.Count];
            var company = Companies[(id * 3) % Companies.Length];
            var street = $"{1 + (id * 37) % 200} {Streets[(id * 11) % Streets.Length]}";
            var postal = $"{city.PostalPrefix}{(id * 97) % 1000:000}";
            _customers[id] = new CustomerRecord(
                id,
                $"{first} {last}",
                $"{first}.{last}{id}@example.com".ToLowerInvariant().Replace(' ', '-'),
                $"+1-555-{id:0000}",
                company,
                Tiers[(int)(StableHash.Of($"tier:{id}") % 4)],
                Managers[id % Managers.Length],
                epoch.AddHours(id * 37),
                new PostalAddress(street, city.Name, postal, city.Country));
        }
    }

    public CustomerRecord? Get(int id) => _customers.TryGetValue(id, out var customer) ? customer : null;

    public bool Exists(int id) => _customers.ContainsKey(id);

    /// <summary>Searches name, email and company; filters and sorts before paging, as a real CRM query would.</summary>
    public (int Total, IReadOnlyList<CustomerRecord> Page) Search(CustomerSearch search)
    {
        IEnumerable<CustomerRecord> matches = _customers.Values;
        if (!string.IsNullOrWhiteSpace(search.Query))
        {
            var q = search.Query.Trim();
            matches = matches.Where(c =>
                c.Name.Contains(q, StringComparison.OrdinalIgnoreCase)
                || c.Email.Contains(q, StringComparison.OrdinalIgnoreCase)
                || c.Company.Contains(q, StringComparison.OrdinalIgnoreCase));
        }
        if (search.Tiers is { Count: > 0 } tiers)
        {
            matches = matches.Where(c => tiers.Contains(c.Tier, StringComparer.OrdinalIgnoreCase));
        }
        if (search.Cities is { Count: > 0 } cities)
        {
            matches = matches.Where(c => cities.Contains(c.Address.City, StringComparer.OrdinalIgnoreCase));
        }
        if (search.CreatedFrom is { } from)
        {
            matches = matches.Where(c => c.CreatedAt >= from);
        }
        if (search.CreatedTo is { } to)
        {
            matches = matches.Where(c => c.CreatedAt <= to);
        }

        matches = (search.OrderBy, search.Descending) switch
        {
            ("Name", false) => matches.OrderBy(c => c.Name, StringComparer.Ordinal).ThenBy(c => c.Id),
            ("Name", true) => matches.OrderByDescending(c => c.Name, StringComparer.Ordinal).ThenBy(c => c.Id),
            ("CreatedAt", false) => matches.OrderBy(c => c.CreatedAt).ThenBy(c => c.Id),
            ("CreatedAt", true) => matches.OrderByDescending(c => c.CreatedAt).ThenBy(c => c.Id),
            (_, true) => matches.OrderByDescending(c => c.Id),
            _ => matches.OrderBy(c => c.Id),
        };

        var all = matches.ToList();
        var page = all.Skip((search.Page - 1) * search.PageSize).Take(search.PageSize).ToList();
        return (all.Count, page);
    }

    /// <summary>Changes a customer's contact details; the reason when the input is invalid.</summary>
    public (CustomerRecord? Customer, string? Error) UpdateContact(int id, string? email, string? phone)
    {
        if (!_customers.TryGetValue(id, out var customer))
        {
            return (null, null);
        }
        if (email is not null && !IsValidEmail(email))
        {
            return (customer, "InvalidEmail");
        }
        if (phone is not null && (phone.Length is < 5 or > 32 || !phone.All(c => char.IsDigit(c) || c is '+' or '-' or ' ' or '(' or ')')))
        {
            return (customer, "InvalidPhone");
        }
        var updated = customer with { Email = email ?? customer.Email, Phone = phone ?? customer.Phone };
        _customers[id] = updated;
        return (updated, null);
    }

    private static bool IsValidEmail(string email) =>
        email.Length <= 254
        && MailAddress.TryCreate(email, out var parsed)
        && parsed.Address == email
        && parsed.Host.Contains('.');
}

/// <summary>The parameters of <c>SearchCustomers</c>.</summary>
public sealed record CustomerSearch(
    string? Query,
    int Page,
    int PageSize,
    IReadOnlyList<string>? Tiers = null,
    IReadOnlyList<string>? Cities = null,
    DateTimeOffset? CreatedFrom = null,
    DateTimeOffset? CreatedTo = null,
    string? OrderBy = null,
    bool Descending = false);
