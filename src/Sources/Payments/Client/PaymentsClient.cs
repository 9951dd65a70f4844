using System.Net;
using System.Net.Http.Json;
using Gateway.Sources.Common.DataLoading;
using Gateway.Sources.Common.Errors;
using Gateway.Sources.Common.Http;
using Gateway.Sources.Payments.Contracts;

namespace Gateway.Sources.Payments.Client;

/// <summary>Typed client of the payments REST API.</summary>
public sealed class PaymentsClient(HttpClient http)
{
    private const string Source = PaymentsOptions.SourceName;

    public async Task<IReadOnlyDictionary<string, LoadResult<Payment>>> LookupAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        using var request = Post("v1/payments/lookup", JsonContent.Create(new LookupRequest(ids), PaymentsJsonContext.Default.LookupRequest));
        UpstreamRequest.MarkRetrySafe(request);
        using var response = await UpstreamHttp.SendAsync(http, request, Source, cancellationToken).ConfigureAwait(false);
        var body = await UpstreamHttp.ReadJsonAsync(response, PaymentsJsonContext.Default.LookupResponse, Source, cancellationToken).ConfigureAwait(false);

        var results = new Dictionary<string, LoadResult<Payment>>(ids.Count, StringComparer.Ordinal);
        foreach (var payment in body.Data)
        {
            results[payment.Id] = LoadResult<Payment>.Found(payment);
        }
        foreach (var id in ids.Where(id => !results.ContainsKey(id)))
        {
            results[id] = LoadResult<Payment>.Failed(new NotFoundError(Source, "Payment", id));
        }
        return results;
    }

    /// <summary>One page per requested customer page, all with the same filters, in one call, in request order.</summary>
    public async Task<IReadOnlyList<PaymentPage>> ListByCustomersAsync(
        IReadOnlyList<CustomerPageRequest> customers, PaymentListQuery query, CancellationToken cancellationToken)
    {
        var payload = new ListByCustomersRequest(customers, query.Limit, query.Statuses?.Split(','), query.MinAmount,
            query.MaxAmount, query.CreatedFrom, query.CreatedTo, query.Order);
        using var request = Post("v1/payments/by-customers", JsonContent.Create(payload, PaymentsJsonContext.Default.ListByCustomersRequest));
        UpstreamRequest.MarkRetrySafe(request);
        using var response = await UpstreamHttp.SendAsync(http, request, Source, cancellationToken).ConfigureAwait(false);
        var body = await UpstreamHttp.ReadJsonAsync(response, PaymentsJsonContext.Default.ListByCustomersResponse, Source, cancellationToken)
            .ConfigureAwait(false);
        if (body.Results.Count != customers.Count)
        {
            throw new UpstreamError(Source, "The payments upstream answered a different number of pages than asked.");
        }
        return body.Results.Select(r => new PaymentPage(r.Data, r.HasMore)).ToList();
    }

    /// <summary>
    /// Creates a payment. The idempotency key makes the call safe to retry: the upstream answers a repeated key
    /// with the original payment, so it is marked retry-safe and every attempt carries the same key.
    /// </summary>
    public async Task<MutationOutcome> CreateAsync(CreatePaymentRequest payment, string idempotencyKey, CancellationToken cancellationToken)
    {
        using var request = Post("v1/payments", JsonContent.Create(payment, PaymentsJsonContext.Default.CreatePaymentRequest));
        request.Headers.Add("Idempotency-Key", idempotencyKey);
        UpstreamRequest.MarkRetrySafe(request);
        return await SendMutationAsync(request, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Refunds a payment; the upstream answers a repeated refund with the refunded payment, so retries are safe.</summary>
    public async Task<MutationOutcome> RefundAsync(string paymentId, CancellationToken cancellationToken)
    {
        using var request = Post($"v1/payments/{Uri.EscapeDataString(paymentId)}/refund", null);
        UpstreamRequest.MarkRetrySafe(request);
        return await SendMutationAsync(request, cancellationToken).ConfigureAwait(false);
    }

    private async Task<MutationOutcome> SendMutationAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var response = await UpstreamHttp.SendAsync(http, request, Source, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound or HttpStatusCode.Conflict)
        {
            return new MutationOutcome(null, response.StatusCode);
        }
        var payment = await UpstreamHttp.ReadJsonAsync(response, PaymentsJsonContext.Default.Payment, Source, cancellationToken).ConfigureAwait(false);
        return new MutationOutcome(payment, response.StatusCode);
    }

    private static HttpRequestMessage Post(string path, HttpContent? content) => new(HttpMethod.Post, path) { Content = content };
}

/// <summary>What a payment mutation produced: the payment, or the status the upstream refused it with.</summary>
public sealed record MutationOutcome(Payment? Payment, HttpStatusCode Status);
