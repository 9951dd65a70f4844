using System.ComponentModel.DataAnnotations;
using Gateway.Sources.Common.Options;

namespace Gateway.Sources.Payments;

/// <summary><c>Sources:Payments</c>.</summary>
public sealed class PaymentsOptions : SourceOptions
{
    /// <summary>The source's name: its errors, metrics and cache keys, and its configuration (<c>Sources:payments</c>, any case).</summary>
    public const string SourceName = "payments";

    /// <summary>Currencies <c>createPayment</c> accepts; others are a user error before the upstream is called.</summary>
    [MinLength(1)]
    public string[] Currencies { get; set; } = ["EUR", "USD", "GBP", "CHF"];

    /// <summary>Shared secret of the payments webhooks (<c>Payments-Signature</c>).</summary>
    public string? WebhookSecret { get; set; }
}
