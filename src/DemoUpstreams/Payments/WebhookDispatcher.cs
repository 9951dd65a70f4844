using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace DemoUpstreams.Payments;

/// <summary>
/// Delivers payment events to <c>Payments:WebhookUrl</c> in order, signed, retrying with exponential backoff
/// while the receiver fails (each attempt is signed afresh, with the same event id).
/// </summary>
public sealed class WebhookDispatcher(
    IHttpClientFactory httpClients,
    IOptions<DemoOptions> options,
    TimeProvider time,
    ILogger<WebhookDispatcher> logger) : BackgroundService
{
    public const string HttpClientName = "demo-webhooks";
    private readonly Channel<WebhookEvent> _events = Channel.CreateUnbounded<WebhookEvent>(new UnboundedChannelOptions { SingleReader = true });
    private long _sequence;

    /// <summary>Where webhooks go; the embedding gateway sets it once it knows its own address.</summary>
    public string? WebhookUrl { get; set; } = options.Value.Payments.WebhookUrl;

    public void Publish(string type, PaymentRecord payment)
    {
        var id = $"evt_{time.GetUtcNow().ToUnixTimeMilliseconds():x}{Interlocked.Increment(ref _sequence):x6}";
        _events.Writer.TryWrite(new WebhookEvent(id, type, time.GetUtcNow().ToUnixTimeSeconds(), new WebhookEventData(payment)));
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var webhookEvent in _events.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
        {
            await DeliverAsync(webhookEvent, stoppingToken).ConfigureAwait(false);
        }
    }

    private async Task DeliverAsync(WebhookEvent webhookEvent, CancellationToken stoppingToken)
    {
        var url = WebhookUrl;
        if (string.IsNullOrEmpty(url))
        {
            return;
        }
        var settings = options.Value.Payments;
        var body = JsonSerializer.SerializeToUtf8Bytes(webhookEvent, JsonSerializerOptions.Web);
        var backoff = TimeSpan.FromMilliseconds(settings.WebhookInitialBackoffMs);
        var client = httpClients.CreateClient(HttpClientName);
        for (var attempt = 1; attempt <= settings.WebhookMaxAttempts; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new("application/json") { CharSet = "utf-8" };
            request.Headers.TryAddWithoutValidation(WebhookSignature.HeaderName,
                WebhookSignature.Create(settings.WebhookSecret, time.GetUtcNow().ToUnixTimeSeconds(), body));
            try
            {
                using var response = await client.SendAsync(request, stoppingToken).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
                logger.LogInformation("Webhook {EventId} attempt {Attempt} refused with {Status}", webhookEvent.Id, attempt, (int)response.StatusCode);
            }
            catch (HttpRequestException ex)
            {
                logger.LogInformation("Webhook {EventId} attempt {Attempt} failed: {Error}", webhookEvent.Id, attempt, ex.Message);
            }
            catch (TaskCanceledException) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogInformation("Webhook {EventId} attempt {Attempt} timed out", webhookEvent.Id, attempt);
            }
            if (attempt < settings.WebhookMaxAttempts)
            {
                await Task.Delay(backoff, time, stoppingToken).ConfigureAwait(false);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, TimeSpan.FromSeconds(10).Ticks));
            }
        }
        logger.LogWarning("Webhook {EventId} dropped after {Attempts} attempts", webhookEvent.Id, settings.WebhookMaxAttempts);
    }
}
