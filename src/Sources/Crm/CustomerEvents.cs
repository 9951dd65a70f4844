using System.Text.Json;
using Gateway.Sources.Common.Events;
using Gateway.Sources.Crm.Contracts;
using Gateway.Sources.Crm.Types;

namespace Gateway.Sources.Crm;

/// <summary>Customer changes on the event bus, published after a successful <c>updateCustomerContact</c>.</summary>
public sealed class CustomerEvents(IEventBus bus) : ICustomerChangeListener
{
    public static readonly string Channel = EventChannels.For("customers");

    public Task CustomerChangedAsync(Customer customer, CancellationToken cancellationToken) =>
        bus.PublishAsync(Channel, JsonSerializer.SerializeToUtf8Bytes(customer, CrmJsonContext.Default.Customer), cancellationToken);

    public static Customer? Deserialize(ReadOnlyMemory<byte> message) =>
        JsonSerializer.Deserialize(message.Span, CrmJsonContext.Default.Customer);
}
