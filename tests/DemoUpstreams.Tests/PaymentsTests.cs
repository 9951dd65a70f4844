using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using static DemoUpstreams.Tests.ProblemAssert;

namespace DemoUpstreams.Tests;

public sealed class PaymentsTests(DemoFixture fixture) : IClassFixture<DemoFixture>
{
    private readonly HttpClient _client = fixture.Client;

    [Fact]
    public async Task A_customers_payments_page_with_a_cursor_without_overlap()
    {
        var first = await _client.GetFromJsonAsync<JsonElement>("payments/v1/customers/12/payments?limit=2");
        var firstIds = first.GetProperty("data").EnumerateArray().Select(p => p.GetProperty("id").GetString()).ToList();
        var second = await _client.GetFromJsonAsync<JsonElement>($"payments/v1/customers/12/payments?limit=2&startingAfter={firstIds[^1]}");
        var all = await _client.GetFromJsonAsync<JsonElement>("payments/v1/customers/12/payments?limit=100");
        var allIds = all.GetProperty("data").EnumerateArray().Select(p => p.GetProperty("id").GetString()).ToList();

        Assert.True(first.GetProperty("hasMore").GetBoolean());
        Assert.Equal(allIds.Take(2), firstIds);
        Assert.Equal(allIds.Skip(2).Take(2), second.GetProperty("data").EnumerateArray().Select(p => p.GetProperty("id").GetString()));
        Assert.False(all.GetProperty("hasMore").GetBoolean());
    }

    [Fact]
    public async Task Filters_and_order_are_applied_by_the_upstream()
    {
        var page = await _client.GetFromJsonAsync<JsonElement>(
            "payments/v1/customers/3/payments?limit=100&status=succeeded&minAmount=1000&order=amount_asc");
        var payments = page.GetProperty("data").EnumerateArray().ToList();

        Assert.NotEmpty(payments);
        Assert.All(payments, p => Assert.Equal("succeeded", p.GetProperty("status").GetString()));
        Assert.All(payments, p => Assert.True(p.GetProperty("amount").GetInt64() >= 1000));
        var amounts = payments.Select(p => p.GetProperty("amount").GetInt64()).ToList();
        Assert.Equal(amounts.Order(), amounts);
    }

    [Fact]
    public async Task Payments_of_many_customers_come_in_one_call()
    {
        using var response = await _client.PostAsJsonAsync("payments/v1/payments/by-customers",
            new { customers = new[] { new { customerId = 1 }, new { customerId = 2 }, new { customerId = 999999 } }, limit = 3 });
        var results = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("results");

        Assert.Equal(3, results.GetArrayLength());
        Assert.All(results[0].GetProperty("data").EnumerateArray(), p => Assert.Equal(1, p.GetProperty("customerId").GetInt32()));
        Assert.InRange(results[1].GetProperty("data").GetArrayLength(), 1, 3);
        Assert.Equal(0, results[2].GetProperty("data").GetArrayLength());
    }

    [Fact]
    public async Task Lookup_reports_missing_ids()
    {
        using var response = await _client.PostAsJsonAsync("payments/v1/payments/lookup", new { ids = new[] { "pay_000100", "pay_nope" } });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal("pay_000100", body.GetProperty("data")[0].GetProperty("id").GetString());
        Assert.Equal("pay_nope", body.GetProperty("missing")[0].GetString());
    }

    [Fact]
    public async Task Unknown_payment_is_a_404_problem()
    {
        using var response = await _client.GetAsync("payments/v1/payments/pay_missing");

        await IsProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Same_idempotency_key_and_body_returns_the_original_payment()
    {
        var key = Guid.NewGuid().ToString();
        var body = new { customerId = 5, amount = 2500, currency = "EUR" };

        using var created = await PostPaymentAsync(body, key);
        using var replayed = await PostPaymentAsync(body, key);
        var original = await created.Content.ReadFromJsonAsync<JsonElement>();
        var replay = await replayed.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("pending", original.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, replayed.StatusCode);
        Assert.Equal("true", replayed.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(original.GetProperty("id").GetString(), replay.GetProperty("id").GetString());
    }

    [Fact]
    public async Task Same_idempotency_key_with_a_different_body_is_a_409()
    {
        var key = Guid.NewGuid().ToString();
        using var created = await PostPaymentAsync(new { customerId = 5, amount = 2500, currency = "EUR" }, key);

        using var conflict = await PostPaymentAsync(new { customerId = 5, amount = 9999, currency = "EUR" }, key);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        await IsProblemAsync(conflict, HttpStatusCode.Conflict);
    }

    [Theory]
    [InlineData("{\"customerId\":5,\"amount\":", HttpStatusCode.BadRequest)]
    [InlineData("{\"customerId\":5,\"currency\":\"EUR\"}", HttpStatusCode.BadRequest)]
    [InlineData("{\"customerId\":5,\"amount\":-1,\"currency\":\"EUR\"}", HttpStatusCode.BadRequest)]
    [InlineData("{\"customerId\":5,\"amount\":100,\"currency\":\"XXX\"}", HttpStatusCode.BadRequest)]
    [InlineData("{\"customerId\":\"five\",\"amount\":100,\"currency\":\"EUR\"}", HttpStatusCode.BadRequest)]
    [InlineData("{\"customerId\":777777,\"amount\":100,\"currency\":\"EUR\"}", HttpStatusCode.NotFound)]
    public async Task Invalid_payments_are_refused_with_a_problem(string json, HttpStatusCode status)
    {
        using var response = await _client.PostAsync("payments/v1/payments", new StringContent(json, Encoding.UTF8, "application/json"));

        await IsProblemAsync(response, status);
    }

    [Fact]
    public async Task Refunding_is_idempotent_and_only_allowed_for_succeeded_payments()
    {
        var succeeded = (await _client.GetFromJsonAsync<JsonElement>("payments/v1/customers/20/payments?limit=100&status=succeeded"))
            .GetProperty("data")[0].GetProperty("id").GetString();
        using var pending = await PostPaymentAsync(new { customerId = 20, amount = 700, currency = "USD" }, null);
        var pendingId = (await pending.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();

        using var refund = await _client.PostAsync($"payments/v1/payments/{succeeded}/refund", null);
        using var again = await _client.PostAsync($"payments/v1/payments/{succeeded}/refund", null);
        using var refused = await _client.PostAsync($"payments/v1/payments/{pendingId}/refund", null);

        Assert.Equal("refunded", (await refund.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        await IsProblemAsync(refused, HttpStatusCode.Conflict);
    }

    private Task<HttpResponseMessage> PostPaymentAsync(object body, string? idempotencyKey)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "payments/v1/payments") { Content = JsonContent.Create(body) };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }
        return _client.SendAsync(request);
    }
}
