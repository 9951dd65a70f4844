using Gateway.Sources.Common.DataLoading;
using Gateway.Sources.Payments.Client;
using Gateway.Sources.Payments.Contracts;
using Microsoft.Extensions.Options;

namespace Gateway.Sources.Payments.DataLoaders;

/// <summary>Payments by id: one lookup call per chunk.</summary>
public sealed class PaymentByIdDataLoader(PaymentsClient client, IOptions<PaymentsOptions> options) : BatchDataLoader<string, Payment>
{
    protected override string SourceName => PaymentsOptions.SourceName;

    protected override int ChunkSize => options.Value.ChunkSize;

    protected override Task<IReadOnlyDictionary<string, LoadResult<Payment>>> FetchChunkAsync(
        IReadOnlyList<string> keys, CancellationToken cancellationToken) =>
        client.LookupAsync(keys, cancellationToken);
}
