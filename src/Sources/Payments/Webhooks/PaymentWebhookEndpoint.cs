using System.Diagnostics.Metrics;
using System.Text.Json;
using Gateway.Sources.Common.Events;
using Gateway.Sources.Payments.Contracts;
using Gateway.Sources.Payments.Types;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Gateway.Sources.Payments.Webhooks;

/// <summary>
/// Receives the payments service's webhooks: verifies the signature over the raw body, acknowledges an event seen
/// before without publishing it again (across instances), invalidates the cached payment and publishes the change
/// to subscribers. Refused deliveries publish nothing.
/// </summary>
public sealed class PaymentWebhookEndpoint(
    IOptions<PaymentsOptions> options,
    IEventBus bus,
    ICoordinationStore coordination,
    TimeProvider time,
    ILogger<PaymentWebhookEndpoint> logger) : IDisposable
{
    public const int MaxBodyBytes = 256 * 1024;
    private static readonly TimeSpan RememberEventsFor = TimeSpan.FromDays(3);
    private readonly Meter _meter = new(Gateway.Sources.Common.Telemetry.GatewayTelemetry.WebhooksMeterName);
    private Counter<long>? _deliveries;

    private Counter<long> Deliveries => _deliveries ??= _meter.CreateCounter<long>("gateway.webhooks.deliveries",
        description: "Webhook deliveries, by outcome (accepted, duplicate, refused).");

    public async Task<IResult> HandleAsync(HttpContext context)
    {
        var secret = options.Value.WebhookSecret;
        if (string.IsNullOrEmpty(secret))
        {
            return Refuse(StatusCodes.Status503ServiceUnavailable, "Webhooks are not configured.");
        }
        if (context.Request.ContentLength > MaxBodyBytes)
        {
            return Refuse(StatusCodes.Status413PayloadTooLarge, "The body is too large.");
        }

        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted).ConfigureAwait(false);
        if (buffer.Length > MaxBodyBytes)
        {
            return Refuse(StatusCodes.Status413PayloadTooLarge, "The body is too large.");
        }
        var body = buffer.ToArray();

        if (WebhookSignature.Verify(context.Request.Headers[WebhookSignature.HeaderName], body, secret, time.GetUtcNow()) is { } problem)
        {
            logger.LogWarning("Refused a payments webhook: {Reason}", problem);
            return Refuse(StatusCodes.Status400BadRequest, problem);
        }

        PaymentWebhookEvent? webhookEvent;
        try
        {
            webhookEvent = JsonSerializer.Deserialize(body, PaymentsJsonContext.Default.PaymentWebhookEvent);
        }
        catch (JsonException)
        {
            webhookEvent = null;
        }
        if (webhookEvent?.Data?.Payment is not { } payment || string.IsNullOrEmpty(webhookEvent.Id))
        {
            return Refuse(StatusCodes.Status400BadRequest, "The body is not a payment event.");
        }

        var seenKey = CoordinationKeys.For("payments-webhook", webhookEvent.Id);
        if (!await coordination.TryAcquireAsync(seenKey, RememberEventsFor, context.RequestAborted).ConfigureAwait(false))
        {
            Deliveries.Add(1, new KeyValuePair<string, object?>("outcome", "duplicate"));
            return Results.Ok(new { received = true, duplicate = true });
        }

        try
        {
            foreach (var listener in context.RequestServices.GetServices<IPaymentChangeListener>())
            {
                await listener.PaymentChangedAsync(payment, context.RequestAborted).ConfigureAwait(false);
            }
            await bus.PublishAsync(PaymentEvents.Channel, PaymentEvents.Serialize(payment), context.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Not published: forget the event so the payments service's retry is taken, and ask it to retry.
            await coordination.ReleaseAsync(seenKey, CancellationToken.None).ConfigureAwait(false);
            logger.LogWarning("Could not publish payments webhook {EventId}: {Reason}", webhookEvent.Id, ex.GetType().Name);
            return Refuse(StatusCodes.Status503ServiceUnavailable, "The event could not be published; retry later.");
        }

        Deliveries.Add(1, new KeyValuePair<string, object?>("outcome", "accepted"));
        return Results.Ok(new { received = true });
    }

    private IResult Refuse(int status, string detail)
    {
        Deliveries.Add(1, new KeyValuePair<string, object?>("outcome", "refused"));
        return Results.Problem(statusCode: status, title: "Webhook refused", detail: detail);
    }

    public void Dispose() => _meter.Dispose();
}
