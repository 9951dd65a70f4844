namespace DemoUpstreams.Payments;

/// <summary>Filters and order for listing a customer's payments.</summary>
public sealed record PaymentQuery(
    int Limit,
    IReadOnlyList<string>? Status = null,
    long? MinAmount = null,
    long? MaxAmount = null,
    DateTimeOffset? CreatedFrom = null,
    DateTimeOffset? CreatedTo = null,
    string? Order = null)
{
    public const int MaxLimit = 100;
    public static readonly string[] Orders = ["created_desc", "created_asc", "amount_desc", "amount_asc"];

    /// <summary>The reason the query is invalid, or null.</summary>
    public string? Validate()
    {
        if (Limit is < 1 or > MaxLimit)
        {
            return $"'limit' must be between 1 and {MaxLimit}.";
        }
        if (Status?.FirstOrDefault(s => !PaymentStatus.All.Contains(s)) is { } status)
        {
            return $"'{status}' is not a payment status.";
        }
        if (Order is not null && !Orders.Contains(Order))
        {
            return $"'order' must be one of {string.Join(", ", Orders)}.";
        }
        if (MinAmount > MaxAmount)
        {
            return "'minAmount' is larger than 'maxAmount'.";
        }
        return null;
    }
}
