using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using DemoUpstreams.Crm;
using DemoUpstreams.Data;

namespace DemoUpstreams.Payments;

/// <summary>Seeded payment history for every customer, plus the payments created while running.</summary>
public sealed class PaymentStore
{
    private static readonly string[] Currencies = ["EUR", "USD", "GBP", "CHF"];
    private readonly ConcurrentDictionary<string, PaymentRecord> _payments = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<int, List<string>> _byCustomer = new();
    private readonly ConcurrentDictionary<string, (string BodyHash, string PaymentId)> _idempotencyKeys = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private long _sequence;

    public static readonly IReadOnlySet<string> AcceptedCurrencies = new HashSet<string>(Currencies, StringComparer.Ordinal);

    public PaymentStore(TimeProvider time)
    {
        _time = time;
        var epoch = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
        for (var customer = 1; customer <= CrmStore.CustomerCount; customer++)
        {
            var count = 2 + (int)(StableHash.Of($"count:{customer}") % 6);
            for (var i = 0; i < count; i++)
            {
                var key = $"{customer}:{i}";
                var roll = StableHash.Of("status:" + key) % 10;
                var created = epoch.AddMinutes(StableHash.Of("created:" + key) % (365 * 24 * 60));
                var status = roll switch { 0 => PaymentStatus.Failed, 1 => PaymentStatus.Refunded, _ => PaymentStatus.Succeeded };
                Add(new PaymentRecord(
                    $"pay_{customer:0000}{i:00}",
                    customer,
                    500 + StableHash.Of("amount:" + key) % 50_000,
                    Currencies[StableHash.Of("currency:" + key) % 2],
                    status,
                    created,
                    status == PaymentStatus.Refunded ? created.AddDays(3) : null,
                    $"Order {customer}-{i}"));
            }
        }
    }

    public PaymentRecord? Get(string id) => _payments.TryGetValue(id, out var payment) ? payment : null;

    public PaymentList List(int customerId, PaymentQuery query, string? startingAfter)
    {
        IEnumerable<PaymentRecord> payments;
        lock (_gate)
        {
            payments = _byCustomer.TryGetValue(customerId, out var ids) ? ids.Select(id => _payments[id]).ToList() : [];
        }
        if (query.Status is { Count: > 0 } statuses)
        {
            payments = payments.Where(p => statuses.Contains(p.Status));
        }
        if (query.MinAmount is { } min)
        {
            payments = payments.Where(p => p.Amount >= min);
        }
        if (query.MaxAmount is { } max)
        {
            payments = payments.Where(p => p.Amount <= max);
        }
        if (query.CreatedFrom is { } from)
        {
            payments = payments.Where(p => p.CreatedAt >= from);
        }
        if (query.CreatedTo is { } to)
        {
            payments = payments.Where(p => p.CreatedAt <= to);
        }
        var ordered = (query.Order ?? "created_desc") switch
        {
            "created_asc" => payments.OrderBy(p => p.CreatedAt).ThenBy(p => p.Id, StringComparer.Ordinal),
            "amount_desc" => payments.OrderByDescending(p => p.Amount).ThenBy(p => p.Id, StringComparer.Ordinal),
            "amount_asc" => payments.OrderBy(p => p.Amount).ThenBy(p => p.Id, StringComparer.Ordinal),
            _ => payments.OrderByDescending(p => p.CreatedAt).ThenBy(p => p.Id, StringComparer.Ordinal),
        };
        var list = ordered.ToList();
        var start = 0;
        if (startingAfter is not null)
        {
            var index = list.FindIndex(p => p.Id == startingAfter);
            // An unknown cursor yields an empty page, not the first page again.
            start = index < 0 ? list.Count : index + 1;
        }
        var page = list.Skip(start).Take(query.Limit).ToList();
        return new PaymentList(page, start + page.Count < list.Count);
    }

    /// <summary>Creates a payment; a repeated idempotency key returns the first payment, or a conflict if the body differs.</summary>
    public (PaymentRecord? Payment, bool Replayed, bool Conflict) Create(CreatePaymentRequest request, string? idempotencyKey, string rawBody)
    {
        var bodyHash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(rawBody)));
        lock (_gate)
        {
            if (idempotencyKey is not null && _idempotencyKeys.TryGetValue(idempotencyKey, out var seen))
            {
                return seen.BodyHash == bodyHash ? (_payments[seen.PaymentId], true, false) : (null, false, true);
            }
            var id = $"pay_n{Interlocked.Increment(ref _sequence):000000}";
            var payment = new PaymentRecord(id, request.CustomerId!.Value, request.Amount!.Value, request.Currency!,
                PaymentStatus.Pending, _time.GetUtcNow(), null, request.Description);
            Add(payment);
            if (idempotencyKey is not null)
            {
                _idempotencyKeys[idempotencyKey] = (bodyHash, id);
            }
            return (payment, false, false);
        }
    }

    /// <summary>Moves a pending payment to its final state; amounts ending in 13 minor units are declined, like a test card.</summary>
    public PaymentRecord? Settle(string id)
    {
        lock (_gate)
        {
            if (!_payments.TryGetValue(id, out var payment) || payment.Status != PaymentStatus.Pending)
            {
                return null;
            }
            var settled = payment with { Status = payment.Amount % 100 == 13 ? PaymentStatus.Failed : PaymentStatus.Succeeded };
            _payments[id] = settled;
            return settled;
        }
    }

    /// <summary>Refunds a succeeded payment. Refunding it again returns it unchanged, so retries are safe.</summary>
    public (PaymentRecord? Payment, bool Changed, string? Error) Refund(string id)
    {
        lock (_gate)
        {
            if (!_payments.TryGetValue(id, out var payment))
            {
                return (null, false, null);
            }
            if (payment.Status == PaymentStatus.Refunded)
            {
                return (payment, false, null);
            }
            if (payment.Status != PaymentStatus.Succeeded)
            {
                return (payment, false, $"Only succeeded payments can be refunded; this one is {payment.Status}.");
            }
            var refunded = payment with { Status = PaymentStatus.Refunded, RefundedAt = _time.GetUtcNow() };
            _payments[id] = refunded;
            return (refunded, true, null);
        }
    }

    private void Add(PaymentRecord payment)
    {
        _payments[payment.Id] = payment;
        _byCustomer.GetOrAdd(payment.CustomerId, _ => []).Add(payment.Id);
    }
}
