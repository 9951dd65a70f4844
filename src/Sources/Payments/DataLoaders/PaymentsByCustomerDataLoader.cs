using Gateway.Sources.Common.DataLoading;
using Gateway.Sources.Payments.Client;
using Gateway.Sources.Payments.Contracts;
using Microsoft.Extensions.Options;

namespace Gateway.Sources.Payments.DataLoaders;

/// <summary>
/// Pages of customers' payments: keys with the same filters and size go to the upstream in one call, each with
/// its own cursor.
/// </summary>
public sealed class PaymentsByCustomerDataLoader(PaymentsClient client, IOptions<PaymentsOptions> options)
    : BatchDataLoader<PaymentPageKey, PaymentPage>
{
    protected override string SourceName => PaymentsOptions.SourceName;

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
