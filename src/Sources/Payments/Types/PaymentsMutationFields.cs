using Gateway.Sources.Common.Authorization;
using System.Globalization;
using System.Net;
using Gateway.Sources.Common.Errors;
using Gateway.Sources.Common.Resilience;
using Gateway.Sources.Common.Relay;
using Gateway.Sources.Common.Schema;
using Gateway.Sources.Common.Validation;
using Gateway.Sources.Payments.Client;
using Gateway.Sources.Payments.Contracts;
using Gateway.Sources.Payments.DataLoaders;
using GraphQL;
using GraphQL.Types;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Gateway.Sources.Payments.Types;

/// <summary><c>createPayment</c> and <c>refundPayment</c>; refusals come back as user errors.</summary>
public sealed class PaymentsMutationFields(IOptions<PaymentsOptions> options, IEnumerable<IPaymentChangeListener> listeners) : IFieldContributor<MutationGraphType>
{
    private readonly PaymentsOptions _options = options.Value;
    private readonly IPaymentChangeListener[] _listeners = [.. listeners];

    public const decimal MaxAmount = 1_000_000m;
    public const int MaxIdempotencyKeyLength = 255;

    public void Contribute(MutationGraphType mutation)
    {
        mutation.Field<NonNullGraphType<CreatePaymentPayloadGraphType>>("createPayment")
            .RequireScope(PaymentsScopes.Write)
            .Description("Creates a payment. It starts PENDING and settles asynchronously; subscribe to `paymentStatusChanged` to follow it.")
            .Argument<NonNullGraphType<CreatePaymentInputGraphType>>("input", "Who pays how much.")
            .Resolve(Inject<PaymentsClient, RequestDeadline, PaymentByIdDataLoader>.IntoAsync(async (context, client, deadline, loader) =>
            {
                var input = context.GetArgument<CreatePaymentInput>("input");
                if (Validate(input, _options) is { } invalid)
                {
                    return PaymentPayload.Failed(invalid);
                }

                // Without a client key, one is made per mutation so the gateway's own retries stay idempotent.
                var key = string.IsNullOrWhiteSpace(input.IdempotencyKey) ? Guid.NewGuid().ToString("N") : input.IdempotencyKey;
                var request = new CreatePaymentRequest(int.Parse(input.CustomerId, CultureInfo.InvariantCulture),
                    (long)(input.Amount * 100), input.Currency);
                var outcome = await deadline.RunAsync(PaymentsOptions.SourceName,
                    token => client.CreateAsync(request, key, token)).ConfigureAwait(false);
                return await CompleteAsync(context, loader, outcome, status => status switch
                {
                    HttpStatusCode.NotFound => new UserError($"Customer '{input.CustomerId}' was not found.", "NOT_FOUND", ["input", "customerId"]),
                    HttpStatusCode.Conflict => new UserError("This idempotency key was already used for a different payment.",
                        "IDEMPOTENCY_CONFLICT", ["input", "idempotencyKey"]),
                    _ => new UserError("The payments service refused the payment.", "INVALID_INPUT", ["input"]),
                }).ConfigureAwait(false);
            }));

        mutation.Field<NonNullGraphType<RefundPaymentPayloadGraphType>>("refundPayment")
            .RequireScope(PaymentsScopes.Write)
            .Description("Refunds a succeeded payment. Refunding it again changes nothing and returns it.")
            .Argument<NonNullGraphType<RefundPaymentInputGraphType>>("input", "The payment to refund.")
            .Resolve(Inject<PaymentsClient, RequestDeadline, PaymentByIdDataLoader>.IntoAsync(async (context, client, deadline, loader) =>
            {
                var input = context.GetArgument<RefundPaymentInput>("input");
                string id;
                try
                {
                    id = PaymentIds.Check(input.PaymentId);
                }
                catch (BadUserInputError error)
                {
                    return PaymentPayload.Failed(new UserError(error.Message, "INVALID_ID", ["input", "paymentId"]));
                }
                var outcome = await deadline.RunAsync(PaymentsOptions.SourceName,
                    token => client.RefundAsync(id, token)).ConfigureAwait(false);
                return await CompleteAsync(context, loader, outcome, status => status switch
                {
                    HttpStatusCode.NotFound => new UserError($"Payment '{id}' was not found.", "NOT_FOUND", ["input", "paymentId"]),
                    HttpStatusCode.Conflict => new UserError("Only succeeded payments can be refunded.", "REFUND_NOT_ALLOWED", ["input", "paymentId"]),
                    _ => new UserError("The payments service refused the refund.", "INVALID_INPUT", ["input"]),
                }).ConfigureAwait(false);
            }));
    }

    private static UserError? Validate(CreatePaymentInput input, PaymentsOptions options)
    {
        try
        {
            CustomerIds.Check(input.CustomerId);
        }
        catch (BadUserInputError error)
        {
            return new UserError(error.Message, "INVALID_ID", ["input", "customerId"]);
        }
        if (input.Amount <= 0 || input.Amount > MaxAmount || decimal.Round(input.Amount, 2) != input.Amount)
        {
            return new UserError($"The amount must be positive, at most {MaxAmount}, with at most two decimals.", "INVALID_AMOUNT", ["input", "amount"]);
        }
        if (!options.Currencies.Contains(input.Currency, StringComparer.Ordinal))
        {
            return new UserError($"The currency must be one of {string.Join(", ", options.Currencies)}.", "INVALID_CURRENCY", ["input", "currency"]);
        }
        if (input.IdempotencyKey is { } key)
        {
            // The key travels as the Idempotency-Key header: visible ASCII only, and of a size a header can take.
            if (key.Length > MaxIdempotencyKeyLength)
            {
                return new UserError($"The idempotency key has at most {MaxIdempotencyKeyLength} characters.", "INVALID_IDEMPOTENCY_KEY", ["input", "idempotencyKey"]);
            }
            if (UpstreamInput.Problem(key, UpstreamWire.Header, "idempotencyKey", PaymentsOptions.SourceName) is { } problem)
            {
                return new UserError(problem, "INVALID_IDEMPOTENCY_KEY", ["input", "idempotencyKey"]);
            }
        }
        return null;
    }

    private async ValueTask<object?> CompleteAsync(
        IResolveFieldContext context, PaymentByIdDataLoader loader, MutationOutcome outcome, Func<HttpStatusCode, UserError> refusal)
    {
        if (outcome.Payment is not { } payment)
        {
            return PaymentPayload.Failed(refusal(outcome.Status));
        }
        loader.Prime(payment.Id, payment);
        foreach (var listener in _listeners)
        {
            await listener.PaymentChangedAsync(payment, context.CancellationToken).ConfigureAwait(false);
        }
        return new PaymentPayload(payment, []);
    }
}

/// <summary>Told when a mutation created or changed a payment (cache invalidation and subscriptions hang off this).</summary>
public interface IPaymentChangeListener
{
    Task PaymentChangedAsync(Payment payment, CancellationToken cancellationToken);
}

public sealed class CreatePaymentInput
{
    public string CustomerId { get; set; } = "";

    public decimal Amount { get; set; }

    public string Currency { get; set; } = "";

    public string? IdempotencyKey { get; set; }
}

public sealed class RefundPaymentInput
{
    public string PaymentId { get; set; } = "";
}

/// <summary>The payload of both payment mutations.</summary>
public sealed record PaymentPayload(Payment? Payment, IReadOnlyList<UserError> UserErrors)
{
    public static PaymentPayload Failed(UserError error) => new(null, [error]);
}

public sealed class CreatePaymentInputGraphType : InputObjectGraphType<CreatePaymentInput>
{
    public CreatePaymentInputGraphType()
    {
        Name = "CreatePaymentInput";
        Description = "A payment to create.";
        Field<NonNullGraphType<IdGraphType>>("customerId").Description("Who pays: their global id or the CRM's own.")
            .ParseValue(NodeIds.LocalIds(CustomerIds.TypeName));
        Field<NonNullGraphType<DecimalGraphType>>("amount").Description("How much, in major units (12.50).");
        Field<NonNullGraphType<StringGraphType>>("currency").Description("ISO 4217 code, for example EUR.");
        Field<StringGraphType>("idempotencyKey").Description("Sending the same key again returns the first payment instead of a new one.");
    }
}

public sealed class RefundPaymentInputGraphType : InputObjectGraphType<RefundPaymentInput>
{
    public RefundPaymentInputGraphType()
    {
        Name = "RefundPaymentInput";
        Description = "A payment to refund.";
        Field<NonNullGraphType<IdGraphType>>("paymentId").Description("The payment: its global id or the payments service's own.")
            .ParseValue(NodeIds.LocalIds(PaymentGraphType.TypeName));
    }
}

public abstract class PaymentPayloadGraphType : ObjectGraphType<PaymentPayload>
{
    protected PaymentPayloadGraphType(string name, string description)
    {
        Name = name;
        Description = description;
        Field<PaymentGraphType>("payment").Description("The payment as it is now; null when the mutation was refused.")
            .Resolve(c => c.Source.Payment);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<UserErrorGraphType>>>>("userErrors")
            .Description("Problems with the input; empty on success.").Resolve(c => c.Source.UserErrors);
    }
}

public sealed class CreatePaymentPayloadGraphType() : PaymentPayloadGraphType("CreatePaymentPayload", "The created payment, or why none was created.");

public sealed class RefundPaymentPayloadGraphType() : PaymentPayloadGraphType("RefundPaymentPayload", "The refunded payment, or why it was not refunded.");
