using System.Text.Json;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Sources;

public sealed class MutationTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private const string CreatePayment = """
        mutation ($input: CreatePaymentInput!) {
          createPayment(input: $input) { payment { id paymentId status amount { value currency } customer { crmId } } userErrors { code field message } }
        }
        """;

    [Fact]
    public async Task Creating_a_payment_twice_with_one_idempotency_key_yields_one_payment()
    {
        var input = new { customerId = "31", amount = 42.5m, currency = "EUR", idempotencyKey = Guid.NewGuid().ToString() };
        var before = await PaymentIdsAsync("31");

        var first = await fixture.Client.GraphQLAsync(CreatePayment, new { input });
        var second = await fixture.Client.GraphQLAsync(CreatePayment, new { input });
        var after = await PaymentIdsAsync("31");

        var payment = first.Data.GetProperty("createPayment").GetProperty("payment");
        Assert.Equal("PENDING", payment.GetProperty("status").GetString());
        Assert.Equal(42.5m, payment.GetProperty("amount").GetProperty("value").GetDecimal());
        Assert.Equal("31", payment.GetProperty("customer").GetProperty("crmId").GetString());
        Assert.Equal(payment.GetProperty("id").GetString(), second.Data.GetProperty("createPayment").GetProperty("payment").GetProperty("id").GetString());
        Assert.Equal(before.Count + 1, after.Count);
        Assert.Contains(payment.GetProperty("id").GetString(), after);
    }

    [Fact]
    public async Task Reusing_an_idempotency_key_for_another_payment_is_a_user_error()
    {
        var key = Guid.NewGuid().ToString();
        await fixture.Client.GraphQLAsync(CreatePayment, new { input = new { customerId = "32", amount = 10m, currency = "EUR", idempotencyKey = key } });

        var conflict = await fixture.Client.GraphQLAsync(CreatePayment, new { input = new { customerId = "32", amount = 11m, currency = "EUR", idempotencyKey = key } });

        Assert.False(conflict.HasErrors);
        var payload = conflict.Data.GetProperty("createPayment");
        Assert.Equal(JsonValueKind.Null, payload.GetProperty("payment").ValueKind);
        Assert.Equal("IDEMPOTENCY_CONFLICT", payload.GetProperty("userErrors")[0].GetProperty("code").GetString());
    }

    [Theory]
    [InlineData("33", -5, "EUR", "INVALID_AMOUNT", "amount")]
    [InlineData("33", 10.555, "EUR", "INVALID_AMOUNT", "amount")]
    [InlineData("33", 10, "XYZ", "INVALID_CURRENCY", "currency")]
    [InlineData("abc", 10, "EUR", "INVALID_ID", "customerId")]
    [InlineData("888888", 10, "EUR", "NOT_FOUND", "customerId")]
    public async Task Invalid_payments_are_user_errors(string customerId, double amount, string currency, string code, string field)
    {
        var response = await fixture.Client.GraphQLAsync(CreatePayment,
            new { input = new { customerId, amount = (decimal)amount, currency } });

        Assert.False(response.HasErrors);
        var error = response.Data.GetProperty("createPayment").GetProperty("userErrors").EnumerateArray().Single();
        Assert.Equal(code, error.GetProperty("code").GetString());
        Assert.Equal(["input", field], error.GetProperty("field").EnumerateArray().Select(f => f.GetString()));
    }

    [Fact]
    public async Task Update_customer_contact_with_an_invalid_email_is_a_user_error_and_changes_nothing()
    {
        var before = await EmailAsync("40");

        var response = await fixture.Client.GraphQLAsync(
            "mutation { updateCustomerContact(input: {id: \"40\", email: \"not-an-email\"}) { customer { email } userErrors { code field } } }");

        Assert.False(response.HasErrors);
        var payload = response.Data.GetProperty("updateCustomerContact");
        Assert.Equal(JsonValueKind.Null, payload.GetProperty("customer").ValueKind);
        Assert.Equal("INVALID_EMAIL", payload.GetProperty("userErrors")[0].GetProperty("code").GetString());
        Assert.Equal(before, await EmailAsync("40"));
    }

    [Fact]
    public async Task Update_customer_contact_changes_the_customer()
    {
        var response = await fixture.Client.GraphQLAsync(
            "mutation { updateCustomerContact(input: {id: \"41\", email: \"ada@example.org\", phone: \"+44 20 7946 0000\"}) { customer { id email phone } userErrors { code } } }");

        var customer = response.Data.GetProperty("updateCustomerContact").GetProperty("customer");
        Assert.Equal("ada@example.org", customer.GetProperty("email").GetString());
        Assert.Equal("+44 20 7946 0000", customer.GetProperty("phone").GetString());
        Assert.Empty(response.Data.GetProperty("updateCustomerContact").GetProperty("userErrors").EnumerateArray());
        Assert.Equal("ada@example.org", await EmailAsync("41"));
    }

    [Fact]
    public async Task Refunds_are_applied_once_and_refused_for_pending_payments()
    {
        var succeeded = (await fixture.Client.GraphQLAsync(
                "{ customer(id: \"42\") { payments(first: 1, status: SUCCEEDED) { nodes { id } } } }"))
            .Data.GetProperty("customer").GetProperty("payments").GetProperty("nodes")[0].GetProperty("id").GetString();
        var pending = (await fixture.Client.GraphQLAsync(CreatePayment, new { input = new { customerId = "42", amount = 3m, currency = "USD" } }))
            .Data.GetProperty("createPayment").GetProperty("payment").GetProperty("id").GetString();
        const string refund = "mutation ($id: ID!) { refundPayment(input: {paymentId: $id}) { payment { status refundedAt } userErrors { code } } }";

        var first = await fixture.Client.GraphQLAsync(refund, new { id = succeeded });
        var again = await fixture.Client.GraphQLAsync(refund, new { id = succeeded });
        var refused = await fixture.Client.GraphQLAsync(refund, new { id = pending });

        Assert.Equal("REFUNDED", first.Data.GetProperty("refundPayment").GetProperty("payment").GetProperty("status").GetString());
        Assert.Equal("REFUNDED", again.Data.GetProperty("refundPayment").GetProperty("payment").GetProperty("status").GetString());
        Assert.Equal("REFUND_NOT_ALLOWED", refused.Data.GetProperty("refundPayment").GetProperty("userErrors")[0].GetProperty("code").GetString());
    }

    private async Task<List<string?>> PaymentIdsAsync(string customerId) =>
        (await fixture.Client.GraphQLAsync($"{{ customer(id: \"{customerId}\") {{ payments(first: 100) {{ nodes {{ id }} }} }} }}"))
            .Data.GetProperty("customer").GetProperty("payments").GetProperty("nodes").EnumerateArray()
            .Select(n => n.GetProperty("id").GetString()).ToList();

    private async Task<string?> EmailAsync(string id) =>
        (await fixture.Client.GraphQLAsync($"{{ customer(id: \"{id}\") {{ email }} }}")).Data.GetProperty("customer").GetProperty("email").GetString();
}
