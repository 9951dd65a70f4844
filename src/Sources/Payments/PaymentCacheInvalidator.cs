using Gateway.Sources.Common.Caching;
using Gateway.Sources.Payments.Contracts;
using Gateway.Sources.Payments.DataLoaders;
using Gateway.Sources.Payments.Types;

namespace Gateway.Sources.Payments;

/// <summary>Drops a changed payment and every cached page of its customer's payments.</summary>
public sealed class PaymentCacheInvalidator(IEntityCache cache) : IPaymentChangeListener
{
    public Task PaymentChangedAsync(Payment payment, CancellationToken cancellationToken) =>
        cache.InvalidateAsync(
            [CacheKeys.Entity(PaymentsOptions.SourceName, PaymentByIdDataLoader.Entity, payment.Id)],
            [PaymentsByCustomerDataLoader.CustomerTag(payment.CustomerId)],
            cancellationToken);
}
