using Gateway.Sources.Common.Validation;
using Gateway.Sources.Common.DataLoading;
using Gateway.Sources.Common.Errors;
using Gateway.Sources.Common.Paging;
using Gateway.Sources.Common.Resilience;
using Gateway.Sources.Common.Schema;
using Gateway.Sources.Crm.Client;
using Gateway.Sources.Crm.Contracts;
using Gateway.Sources.Crm.DataLoaders;
using GraphQL;
using GraphQL.Types;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Sources.Crm.Types;

/// <summary>The CRM's root fields: <c>customer</c>, <c>customers</c> and <c>searchCustomers</c>.</summary>
public sealed class CrmQueryFields : IFieldContributor<QueryGraphType>
{
    public const int MaxIds = 500;
    private const string SearchCursor = "customers";

    public void Contribute(QueryGraphType query)
    {
        query.Field<CustomerGraphType>("customer")
            .Description("One customer by id.")
            .Argument<NonNullGraphType<IdGraphType>>("id", "The CRM's id of the customer.")
            .Resolve(context => Loader(context).Load(CustomerIds.Check(context.GetArgument<string>("id"))));

        query.Field<NonNullGraphType<ListGraphType<CustomerGraphType>>>("customers")
            .Description("Customers by id, in the order asked. An unknown id gives null at its position and an error at that path.")
            .Argument<NonNullGraphType<ListGraphType<NonNullGraphType<IdGraphType>>>>("ids", $"Up to {MaxIds} customer ids.")
            .Resolve(context =>
            {
                var ids = context.GetArgument<List<string>>("ids");
                if (ids.Count > MaxIds)
                {
                    throw new BadUserInputError($"'ids' holds {ids.Count} ids; at most {MaxIds} are allowed.");
                }
                // A malformed id fails its own position, like an unknown one, and is never sent to the CRM.
                var normalized = ids.Select(CustomerIds.TryNormalize).ToList();
                return Loader(context).LoadMany(normalized.OfType<string>().ToList())
                    .Then(loaded =>
                    {
                        var next = 0;
                        return (IReadOnlyList<LoadResult<Customer>>)normalized
                            .Select((id, i) => id is null ? LoadResult<Customer>.Failed(CustomerIds.Invalid(ids[i])) : loaded[next++])
                            .ToList();
                    })
                    .AsListWithItemErrors(context);
            });

        query.Field<NonNullGraphType<CustomerConnectionGraphType>>("searchCustomers")
            .Description("Customers whose name, email or company contains `query`, filtered and sorted by the CRM.")
            .Argument<NonNullGraphType<StringGraphType>>("query", "Text to look for; empty matches everyone.")
            .Argument<IntGraphType>("first", $"Page size, 1 to {PageArguments.MaxFirst}; 10 when omitted.")
            .Argument<StringGraphType>("after", "The `endCursor` of the previous page.")
            .Argument<CustomerFilterInputGraphType>("where", "Conditions every customer must meet.")
            .Argument<ListGraphType<NonNullGraphType<CustomerSortInputGraphType>>>("order", "Sort order; the CRM sorts by one key.")
            .ResolveAsync(async context =>
            {
                var first = PageArguments.CheckFirst(context.GetArgument<int?>("first"));
                var after = context.GetArgument<string?>("after");
                var offset = after is null ? 0 : ParseOffset(Cursor.Decode(SearchCursor, after));
                var search = BuildSearch(context.GetArgument<string>("query"), context.GetArgument<CustomerFilter?>("where"),
                    context.GetArgument<List<CustomerSort>?>("order"));
                var client = context.RequestServices!.GetRequiredService<CrmClient>();
                var deadline = context.RequestServices!.GetRequiredService<RequestDeadline>();
                var (total, customers) = await deadline.RunAsync(CrmOptions.SourceName,
                    token => SearchWindowAsync(client, search, offset, first, token));

                var loader = Loader(context);
                var edges = new List<Edge<Customer>>(customers.Count);
                for (var i = 0; i < customers.Count; i++)
                {
                    loader.Prime(customers[i].Id, customers[i]);
                    edges.Add(new Edge<Customer>(Cursor.Encode(SearchCursor, (offset + i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)), customers[i]));
                }
                var pageInfo = new PageInfo(offset + customers.Count < total, offset > 0, edges.FirstOrDefault()?.Cursor, edges.LastOrDefault()?.Cursor);
                return new Connection<Customer>(edges, pageInfo, total);
            });
    }

    private static CustomerByIdDataLoader Loader(IResolveFieldContext context) =>
        context.RequestServices!.GetRequiredService<CustomerByIdDataLoader>();

    private static int ParseOffset(string value) =>
        int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var offset)
            ? offset
            : throw new BadUserInputError("'after' is not a valid cursor.");

    private static CustomerSearch BuildSearch(string query, CustomerFilter? where, List<CustomerSort>? order)
    {
        if (order is { Count: > 1 })
        {
            throw new BadUserInputError("'order' takes one sort key; the CRM sorts by one field.");
        }
        string? orderBy = null;
        var descending = false;
        if (order is [var sort])
        {
            var keys = new (string Name, SortDirection? Direction)[] { ("Id", sort.Id), ("Name", sort.Name), ("CreatedAt", sort.CreatedAt) }
                .Where(k => k.Direction is not null).ToList();
            if (keys.Count != 1)
            {
                throw new BadUserInputError("Each 'order' entry sets exactly one field.");
            }
            orderBy = keys[0].Name;
            descending = keys[0].Direction == SortDirection.Desc;
        }

        var tiers = where?.Tier?.Values();
        var cities = where?.City?.Values();
        foreach (var city in cities ?? [])
        {
            UpstreamInput.Check(city, UpstreamWire.Xml, "where.city", CrmOptions.SourceName);
        }
        return new CustomerSearch(
            UpstreamInput.Check(query, UpstreamWire.Xml, "query", CrmOptions.SourceName),
            Page: 1,
            PageSize: 1,
            tiers,
            cities,
            where?.CreatedAt?.Gte is { } from ? new DateTimeOffset(DateTime.SpecifyKind(from, DateTimeKind.Utc)) : null,
            where?.CreatedAt?.Lte is { } to ? new DateTimeOffset(DateTime.SpecifyKind(to, DateTimeKind.Utc)) : null,
            orderBy,
            descending);
    }

    /// <summary>
    /// Reads items [offset, offset + count) from the CRM's page-numbered search. Cursors are offsets, so the window
    /// is fitted into one CRM page when some page size allows it (always, when clients keep the same `first`), and
    /// into two consecutive pages otherwise.
    /// </summary>
    private static async Task<(int Total, IReadOnlyList<Customer> Customers)> SearchWindowAsync(
        CrmClient client, CustomerSearch search, int offset, int count, CancellationToken cancellationToken)
    {
        for (var size = count; size <= PageArguments.MaxFirst; size++)
        {
            if (offset / size == (offset + count - 1) / size)
            {
                var page = offset / size + 1;
                var result = await client.SearchCustomersAsync(search with { Page = page, PageSize = size }, cancellationToken);
                return (result.Total, result.Customers.Skip(offset - (page - 1) * size).Take(count).ToList());
            }
        }

        var firstPage = offset / count + 1;
        var one = await client.SearchCustomersAsync(search with { Page = firstPage, PageSize = count }, cancellationToken);
        var two = await client.SearchCustomersAsync(search with { Page = firstPage + 1, PageSize = count }, cancellationToken);
        var window = one.Customers.Concat(two.Customers).Skip(offset - (firstPage - 1) * count).Take(count).ToList();
        return (two.Total, window);
    }
}
