namespace DemoUpstreams.Payments;

/// <summary>A payment as the payments API returns it; <see cref="Amount"/> is in minor units, like Stripe.</summary>
public sealed record PaymentRecord(
    string Id,
    int CustomerId,
    long Amount,
    string Currency,
    string Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset? RefundedAt,
    string? Description);

public static class PaymentStatus
{
    public const string Pending = "pending";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
    public const string Refunded = "refunded";

    public static readonly string[] All = [Pending, Succeeded, Failed, Refunded];
}
