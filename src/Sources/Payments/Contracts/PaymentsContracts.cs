using System.Text.Json;
using System.Text.Json.Serialization;

namespace Gateway.Sources.Payments.Contracts;

/// <summary>A payment as the payments API returns it; <see cref="Amount"/> is in minor units.</summary>
public sealed record Payment(
    string Id,
    int CustomerId,
    long Amount,
    string Currency,
    string Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset? RefundedAt,
    string? Description)
{
    private Money? _money;

    /// <summary>
    /// The amount in major units, made once per payment: a decoded payment is shared by every request that reads it
    /// and never changed, so its amount need not be made again for each.
    /// </summary>
    [JsonIgnore]
    public Money Money => _money ??= Money.FromMinorUnits(Amount, Currency);

    // The cached amount is derived from the members: equality and hashing are the members' alone.
    public bool Equals(Payment? other) =>
        other is not null && Id == other.Id && CustomerId == other.CustomerId && Amount == other.Amount && Currency == other.Currency
        && Status == other.Status && CreatedAt == other.CreatedAt && RefundedAt == other.RefundedAt && Description == other.Description;

    public override int GetHashCode() => HashCode.Combine(Id, CustomerId, Amount, Currency, Status, CreatedAt, RefundedAt, Description);
}

/// <summary>An amount of money in a currency.</summary>
public sealed record Money(decimal Value, string Currency)
{
    /// <summary>The payments API counts in minor units; every accepted currency has two decimals.</summary>
    public static Money FromMinorUnits(long amount, string currency) => new(amount / 100m, currency);
}

public sealed record LookupRequest(IReadOnlyList<string> Ids);

public sealed record LookupResponse(IReadOnlyList<Payment> Data, IReadOnlyList<string> Missing);

public sealed record CustomerPageRequest(int CustomerId, string? StartingAfter);

public sealed record ListByCustomersRequest(
    IReadOnlyList<CustomerPageRequest> Customers,
    int Limit,
    IReadOnlyList<string>? Status,
    long? MinAmount,
    long? MaxAmount,
    DateTimeOffset? CreatedFrom,
    DateTimeOffset? CreatedTo,
    string? Order);

public sealed record CustomerPayments(int CustomerId, IReadOnlyList<Payment> Data, bool HasMore);

public sealed record ListByCustomersResponse(IReadOnlyList<CustomerPayments> Results);

public sealed record CreatePaymentRequest(int CustomerId, long Amount, string Currency);

/// <summary>One page of one customer's payments.</summary>
public sealed record PaymentPage(IReadOnlyList<Payment> Data, bool HasMore);

/// <summary>
/// Filters, order and size of a payments page, the same for every customer of one batch call. Statuses are kept
/// as one comma-joined string so the record compares by value and can group DataLoader keys.
/// </summary>
public sealed record PaymentListQuery(
    int Limit,
    string? Statuses = null,
    long? MinAmount = null,
    long? MaxAmount = null,
    DateTimeOffset? CreatedFrom = null,
    DateTimeOffset? CreatedTo = null,
    string? Order = null);

/// <summary>Key of <c>Customer.payments</c>: whose payments, from where, and which.</summary>
public sealed record PaymentPageKey(int CustomerId, string? StartingAfter, PaymentListQuery Query);

/// <summary>A webhook event from the payments service, shaped like Stripe's.</summary>
public sealed record PaymentWebhookEvent(string Id, string Type, long Created, PaymentWebhookEventData Data);

/// <summary>The event's payment, under <c>object</c> as Stripe names it.</summary>
public sealed record PaymentWebhookEventData([property: System.Text.Json.Serialization.JsonPropertyName("object")] Payment Payment);

/// <summary>Source-generated JSON for the payments API.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(Payment))]
[JsonSerializable(typeof(LookupRequest))]
[JsonSerializable(typeof(LookupResponse))]
[JsonSerializable(typeof(ListByCustomersRequest))]
[JsonSerializable(typeof(ListByCustomersResponse))]
[JsonSerializable(typeof(CreatePaymentRequest))]
[JsonSerializable(typeof(PaymentPage))]
[JsonSerializable(typeof(PaymentWebhookEvent))]
public sealed partial class PaymentsJsonContext : JsonSerializerContext;
