using System.Globalization;
using System.Text.Json.Serialization.Metadata;
using Gateway.Sources.Common.Caching;
using Gateway.Sources.Common.DataLoading;
using Gateway.Sources.Payments.Client;
using Gateway.Sources.Payments.Contracts;
using Microsoft.Extensions.Options;

namespace Gateway.Sources.Payments.DataLoaders;

/// <summary>
/// Pages of customers' payments: keys with the same filters and size go to the upstream in one call, each with
/// its own cursor. Cached briefly, filed under the customer's tag so a payment mutation drops all their pages.
/// </summary>
public sealed class PaymentsByCustomerDataLoader(PaymentsClient client, IOptions<PaymentsOptions> options, EntityCacheServices cache,
    DataLoaderScope scope)
    : CachedBatchDataLoader<PaymentPageKey, PaymentPage>(cache, scope)
{
    public const string Entity = "page";

    protected override string SourceName => PaymentsOptions.SourceName;

    protected override string EntityName => Entity;

    protected override JsonTypeInfo<PaymentPage> TypeInfo => PaymentsJsonContext.Default.PaymentPage;

    private static readonly CacheKeyMemo<PaymentPageKey> Names = new();

    protected override CacheKeyMemo<PaymentPageKey> CacheKeyNames => Names;

    protected override string CacheKeyOf(PaymentPageKey key) => string.Create(CultureInfo.InvariantCulture,
        $"{key.CustomerId}:{key.StartingAfter ?? "-"}:{CacheKeys.Digest(key.Query.ToString())}");

    protected override string? TagOf(PaymentPageKey key) => CustomerTag(key.CustomerId);

    /// <summary>The tag of every cached page of one customer's payments.</summary>
    public static string CustomerTag(int customerId) =>
        CacheKeys.Tag(PaymentsOptions.SourceName, string.Create(CultureInfo.InvariantCulture, $"customer:{customerId}"));

    protected override int ChunkSize => options.Value.ChunkSize;

    protected override async Task<IReadOnlyDictionary<PaymentPageKey, LoadResult<PaymentPage>>> FetchChunkAsync(
        IReadOnlyList<PaymentPageKey> keys, CancellationToken cancellationToken)
    {
        var results = new Dictionary<PaymentPageKey, LoadResult<PaymentPage>>(keys.Count);
        foreach (var group in keys.GroupBy(key => key.Query))
        {
            var groupKeys = group.ToList();
            var pages = groupKeys.Select(key => new CustomerPageRequest(key.CustomerId, key.StartingAfter)).ToList();
            // One customer can appear with two cursors; the upstream answers in request order, so match by position.
            var answer = await client.ListByCustomersAsync(pages, group.Key, cancellationToken).ConfigureAwait(false);
            for (var i = 0; i < groupKeys.Count; i++)
            {
                results[groupKeys[i]] = LoadResult<PaymentPage>.Found(answer[i]);
            }
        }
        return results;
    }
}
