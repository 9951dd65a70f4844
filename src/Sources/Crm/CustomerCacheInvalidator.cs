using Gateway.Sources.Common.Caching;
using Gateway.Sources.Crm.Contracts;
using Gateway.Sources.Crm.DataLoaders;
using Gateway.Sources.Crm.Types;

namespace Gateway.Sources.Crm;

/// <summary>Drops a changed customer from the shared cache, so every instance reads the new contact details.</summary>
public sealed class CustomerCacheInvalidator(IEntityCache cache) : ICustomerChangeListener
{
    public Task CustomerChangedAsync(Customer customer, CancellationToken cancellationToken) =>
        cache.InvalidateAsync([CacheKeys.Entity(CrmOptions.SourceName, CustomerByIdDataLoader.Entity, customer.Id)], [], cancellationToken);
}
