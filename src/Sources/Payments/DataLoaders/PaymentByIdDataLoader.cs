using System.Text.Json.Serialization.Metadata;
using Gateway.Sources.Common.Caching;
using Gateway.Sources.Common.DataLoading;
using Gateway.Sources.Payments.Client;
using Gateway.Sources.Payments.Contracts;
using Microsoft.Extensions.Options;

namespace Gateway.Sources.Payments.DataLoaders;

/// <summary>Payments by id: cached for seconds, one lookup call per chunk of misses.</summary>
public sealed class PaymentByIdDataLoader(PaymentsClient client, IOptions<PaymentsOptions> options, EntityCacheServices cache,
    DataLoaderScope scope)
    : CachedBatchDataLoader<string, Payment>(cache, scope)
{
    public const string Entity = "payment";

    protected override string SourceName => PaymentsOptions.SourceName;

    protected override string EntityName => Entity;

    protected override JsonTypeInfo<Payment> TypeInfo => PaymentsJsonContext.Default.Payment;

    private static readonly CacheKeyMemo<string> Names = new();

    protected override CacheKeyMemo<string> CacheKeyNames => Names;

    protected override int ChunkSize => options.Value.ChunkSize;

    protected override Task<IReadOnlyDictionary<string, LoadResult<Payment>>> FetchChunkAsync(
        IReadOnlyList<string> keys, CancellationToken cancellationToken) =>
        client.LookupAsync(keys, cancellationToken);
}
