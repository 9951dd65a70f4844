using Gateway.Sources.Common.DataLoading;
using Gateway.Sources.Crm.Client;
using Gateway.Sources.Crm.Contracts;
using Microsoft.Extensions.Options;

namespace Gateway.Sources.Crm.DataLoaders;

/// <summary>Customers by id: one <c>GetCustomers</c> call per chunk of the level's ids.</summary>
public sealed class CustomerByIdDataLoader(CrmClient client, IOptions<CrmOptions> options) : BatchDataLoader<string, Customer>
{
    protected override string SourceName => CrmOptions.SourceName;

    protected override int ChunkSize => options.Value.ChunkSize;

    protected override Task<IReadOnlyDictionary<string, LoadResult<Customer>>> FetchChunkAsync(
        IReadOnlyList<string> keys, CancellationToken cancellationToken) =>
        client.GetCustomersAsync(keys, cancellationToken);
}
