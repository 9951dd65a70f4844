namespace DemoUpstreams.Payments;

public sealed record CreatePaymentRequest(int? CustomerId, long? Amount, string? Currency, string? Description);

public sealed record PaymentList(IReadOnlyList<PaymentRecord> Data, bool HasMore);

public sealed record LookupRequest(IReadOnlyList<string>? Ids);

public sealed record LookupResponse(IReadOnlyList<PaymentRecord> Data, IReadOnlyList<string> Missing);

/// <summary>One customer's page within <see cref="ListByCustomersRequest"/>.</summary>
public sealed record CustomerPageRequest(int CustomerId, string? StartingAfter);

/// <summary>Pages of several customers' payments with the same filters, in one call.</summary>
public sealed record ListByCustomersRequest(
    IReadOnlyList<CustomerPageRequest>? Customers,
    int? Limit,
    IReadOnlyList<string>? Status,
    long? MinAmount,
    long? MaxAmount,
    DateTimeOffset? CreatedFrom,
    DateTimeOffset? CreatedTo,
    string? Order);

public sealed record CustomerPayments(int CustomerId, IReadOnlyList<PaymentRecord> Data, bool HasMore);

public sealed record ListByCustomersResponse(IReadOnlyList<CustomerPayments> Results);

/// <summary>A webhook event, shaped like Stripe's.</summary>
public sealed record WebhookEvent(string Id, string Type, long Created, WebhookEventData Data);

/// <summary>The event's payment, under <c>object</c> as Stripe names it.</summary>
public sealed record WebhookEventData([property: System.Text.Json.Serialization.JsonPropertyName("object")] PaymentRecord Payment);
