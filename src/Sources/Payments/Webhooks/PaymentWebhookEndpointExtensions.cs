using Gateway.Sources.Payments.Webhooks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the payments webhook receiver.</summary>
public static class PaymentWebhookEndpointExtensions
{
    public const string DefaultPattern = "/webhooks/payments";

    public static IEndpointConventionBuilder MapPaymentWebhooks(this IEndpointRouteBuilder endpoints, string pattern = DefaultPattern) =>
        endpoints.MapPost(pattern, (Func<HttpContext, Task<IResult>>)(context =>
            context.RequestServices.GetRequiredService<PaymentWebhookEndpoint>().HandleAsync(context)));
}
