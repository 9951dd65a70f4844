using System.Text.Json.Serialization.Metadata;
using Gateway.Sources.Common.Caching;
using Gateway.Sources.Common.DataLoading;
using Gateway.Sources.Crm.Client;
using Gateway.Sources.Crm.Contracts;
using Microsoft.Extensions.Options;

namespace Gateway.Sources.Crm.DataLoaders;

/// <summary>Customers by id: cached, and one <c>GetCustomers</c> call per chunk of the level's misses.</summary>
public sealed class CustomerByIdDataLoader(CrmClient client, IOptions<CrmOptions> options, EntityCacheServices cache,
    DataLoaderScope scope)
    : CachedBatchDataLoader<string, Customer>(cache, scope)
{
    public const string Entity = "customer";

    protected override string SourceName => CrmOptions.SourceName;

    protected override string EntityName => Entity;

    protected override JsonTypeInfo<Customer> TypeInfo => CrmJsonContext.Default.Customer;

    protected override int ChunkSize => options.Value.ChunkSize;

    protected override Task<IReadOnlyDictionary<string, LoadResult<Customer>>> FetchChunkAsync(
        IReadOnlyList<string> keys, CancellationToken cancellationToken) =>
        client.GetCustomersAsync(keys, cancellationToken);
}
