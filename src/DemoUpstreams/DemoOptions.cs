namespace DemoUpstreams;

/// <summary>Settings of the demo upstreams (<c>Demo:*</c> and <c>Payments:*</c>).</summary>
public sealed class DemoOptions
{
    /// <summary><c>Demo:LatencyMs</c>: added to every upstream request, for realistic benchmarks.</summary>
    public int LatencyMs { get; set; }

    public WeatherDemoOptions Weather { get; set; } = new();

    public PaymentsDemoOptions Payments { get; set; } = new();
}

public sealed class WeatherDemoOptions
{
    /// <summary><c>Demo:Weather:StepSeconds</c>: how often conditions change.</summary>
    public int StepSeconds { get; set; } = 30;
}

/// <summary>Bound from <c>Payments</c>, as a standalone Stripe-like service would be configured.</summary>
public sealed class PaymentsDemoOptions
{
    /// <summary>Where webhooks are POSTed; none are sent when unset.</summary>
    public string? WebhookUrl { get; set; }

    /// <summary>Shared secret for the <c>Payments-Signature</c> HMAC.</summary>
    public string WebhookSecret { get; set; } = "whsec_demo";

    /// <summary>How long a new payment stays pending.</summary>
    public int SettleDelayMs { get; set; } = 1500;

    public int WebhookMaxAttempts { get; set; } = 8;

    public int WebhookInitialBackoffMs { get; set; } = 200;
}
