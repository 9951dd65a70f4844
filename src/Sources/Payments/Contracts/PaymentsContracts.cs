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
    string? Description);

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
