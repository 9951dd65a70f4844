using System.Text.Json;
using DemoUpstreams.Crm;
using DemoUpstreams.Data;
using Microsoft.Extensions.Options;

namespace DemoUpstreams.Payments;

/// <summary>The payments REST API under <c>/payments/v1</c>, modelled on Stripe's.</summary>
public static class PaymentsEndpoints
{
    public const int MaxBatch = 100;
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    public static void MapPayments(this IEndpointRouteBuilder endpoints)
    {
        var payments = endpoints.MapGroup("/payments/v1").WithGroupName("payments").WithTags("Payments");

        payments.MapGet("/payments/{id}", (string id, PaymentStore store) =>
            store.Get(id) is { } payment ? Results.Ok(payment) : Problems.NotFound($"Payment '{id}' was not found."))
            .Produces<PaymentRecord>().ProducesProblem(StatusCodes.Status404NotFound);

        payments.MapPost("/payments/lookup", (LookupRequest request, PaymentStore store) =>
        {
            if (request.Ids is null || request.Ids.Count == 0 || request.Ids.Count > MaxBatch)
            {
                return Problems.BadRequest($"'ids' must hold 1 to {MaxBatch} payment ids.");
            }
            var found = new List<PaymentRecord>();
            var missing = new List<string>();
            foreach (var id in request.Ids.Distinct(StringComparer.Ordinal))
            {
                if (id is not null && store.Get(id) is { } payment)
                {
                    found.Add(payment);
                }
                else
                {
                    missing.Add(id ?? "");
                }
            }
            return Results.Ok(new LookupResponse(found, missing));
        }).Produces<LookupResponse>();

        payments.MapGet("/customers/{customerId:int}/payments", (
            int customerId, int? limit, string? startingAfter, string[]? status, long? minAmount, long? maxAmount,
            DateTimeOffset? createdFrom, DateTimeOffset? createdTo, string? order, PaymentStore store) =>
        {
            var query = new PaymentQuery(limit ?? 10, status, minAmount, maxAmount, createdFrom, createdTo, order);
            return query.Validate() is { } problem
                ? Problems.BadRequest(problem)
                : Results.Ok(store.List(customerId, query, startingAfter));
        }).Produces<PaymentList>();

        payments.MapPost("/payments/by-customers", (ListByCustomersRequest request, PaymentStore store, Control.DemoStats stats) =>
        {
            if (request.Customers is null || request.Customers.Count == 0 || request.Customers.Count > MaxBatch)
            {
                return Problems.BadRequest($"'customers' must hold 1 to {MaxBatch} entries.");
            }
            var query = new PaymentQuery(request.Limit ?? 10, request.Status, request.MinAmount, request.MaxAmount,
                request.CreatedFrom, request.CreatedTo, request.Order);
            if (query.Validate() is { } problem)
            {
                return Problems.BadRequest(problem);
            }
            stats.CountItems("payments.byCustomers", request.Customers.Count);
            var results = request.Customers.Select(page =>
            {
                var list = store.List(page.CustomerId, query, page.StartingAfter);
                return new CustomerPayments(page.CustomerId, list.Data, list.HasMore);
            }).ToList();
            return Results.Ok(new ListByCustomersResponse(results));
        }).Produces<ListByCustomersResponse>();

        payments.MapPost("/payments", CreateAsync)
            .Accepts<CreatePaymentRequest>("application/json")
            .Produces<PaymentRecord>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status409Conflict);

        payments.MapPost("/payments/{id}/refund", (string id, PaymentStore store, WebhookDispatcher webhooks) =>
        {
            var (payment, changed, error) = store.Refund(id);
            if (payment is null)
            {
                return Problems.NotFound($"Payment '{id}' was not found.");
            }
            if (error is not null)
            {
                return Problems.Conflict(error);
            }
            if (changed)
            {
                webhooks.Publish("payment.refunded", payment);
            }
            return Results.Ok(payment);
        }).Produces<PaymentRecord>();
    }

    /// <summary>
    /// Reads the raw body itself: the idempotency check compares bodies byte for byte, as Stripe does.
    /// </summary>
    private static async Task<IResult> CreateAsync(
        HttpContext context, PaymentStore store, CrmStore customers, WebhookDispatcher webhooks,
        IOptions<DemoOptions> options, TimeProvider time)
    {
        using var reader = new StreamReader(context.Request.Body);
        var raw = await reader.ReadToEndAsync(context.RequestAborted).ConfigureAwait(false);
        if (raw.Length > 64 * 1024)
        {
            return Problems.BadRequest("The request body is too large.");
        }
        CreatePaymentRequest? request;
        try
        {
            request = JsonSerializer.Deserialize<CreatePaymentRequest>(raw, JsonSerializerOptions.Web);
        }
        catch (JsonException)
        {
            return Problems.BadRequest("The request body is not valid JSON.");
        }
        if (request is null || request.CustomerId is null || request.Amount is null || request.Currency is null)
        {
            return Problems.BadRequest("'customerId', 'amount' and 'currency' are required.");
        }
        if (request.Amount is < 1 or > 100_000_000)
        {
            return Problems.BadRequest("'amount' must be between 1 and 100000000 minor units.");
        }
        if (!PaymentStore.AcceptedCurrencies.Contains(request.Currency))
        {
            return Problems.BadRequest($"'currency' must be one of {string.Join(", ", PaymentStore.AcceptedCurrencies)}.");
        }
        if (!customers.Exists(request.CustomerId.Value))
        {
            return Problems.NotFound($"Customer {request.CustomerId} was not found.");
        }

        var key = context.Request.Headers[IdempotencyKeyHeader].FirstOrDefault();
        var (payment, replayed, conflict) = store.Create(request, key, raw);
        if (conflict)
        {
            return Problems.Conflict("This Idempotency-Key was used with a different request body.");
        }
        if (replayed)
        {
            context.Response.Headers["Idempotent-Replayed"] = "true";
            return Results.Ok(payment);
        }

        webhooks.Publish("payment.created", payment!);
        var lifetime = context.RequestServices.GetRequiredService<IHostApplicationLifetime>();
        _ = SettleLaterAsync(payment!.Id, TimeSpan.FromMilliseconds(options.Value.Payments.SettleDelayMs), store, webhooks, time, lifetime.ApplicationStopping);
        return Results.Created($"/payments/v1/payments/{payment.Id}", payment);
    }

    private static async Task SettleLaterAsync(
        string id, TimeSpan delay, PaymentStore store, WebhookDispatcher webhooks, TimeProvider time, CancellationToken stopping)
    {
        try
        {
            await Task.Delay(delay, time, stopping).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        if (store.Settle(id) is { } settled)
        {
            webhooks.Publish($"payment.{settled.Status}", settled);
        }
    }
}
