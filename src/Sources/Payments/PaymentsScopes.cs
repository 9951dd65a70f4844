namespace Gateway.Sources.Payments;

/// <summary>The OAuth scopes that guard payment data.</summary>
public static class PaymentsScopes
{
    /// <summary>Reading payments: <c>Customer.payments</c>, <c>Query.payment</c>, <c>paymentStatusChanged</c>.</summary>
    public const string Read = "payments:read";

    /// <summary>Creating and refunding payments.</summary>
    public const string Write = "payments:write";
}
