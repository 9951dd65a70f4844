using System.Text.Json;
using Gateway.Sources.Common.Events;
using Gateway.Sources.Payments.Contracts;

namespace Gateway.Sources.Payments.Webhooks;

/// <summary>Payment changes on the event bus: one channel, subscribers filter by payment or customer.</summary>
public static class PaymentEvents
{
    public static readonly string Channel = EventChannels.For("payments");

    public static byte[] Serialize(Payment payment) => JsonSerializer.SerializeToUtf8Bytes(payment, PaymentsJsonContext.Default.Payment);

    public static Payment? Deserialize(ReadOnlyMemory<byte> message) =>
        JsonSerializer.Deserialize(message.Span, PaymentsJsonContext.Default.Payment);
}
