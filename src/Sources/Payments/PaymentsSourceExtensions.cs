using Gateway.Sources.Common.Schema;
using Gateway.Sources.Payments;
using Gateway.Sources.Payments.Client;
using Gateway.Sources.Payments.DataLoaders;
using Gateway.Sources.Payments.Types;
using Gateway.Sources.Payments.Contracts;
using GraphQL;
using GraphQL.DI;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.Extensions.Hosting;

/// <summary>Registers the payments source.</summary>
public static class PaymentsSourceExtensions
{
    public static IHostApplicationBuilder AddPaymentsSource(this IHostApplicationBuilder builder)
    {
        builder.Services.AddUpstreamClient<PaymentsClient, PaymentsOptions>(PaymentsOptions.SourceName);
        builder.Services.AddScoped<PaymentByIdDataLoader>();
        builder.Services.AddScoped<PaymentsByCustomerDataLoader>();
        // Payment states move in seconds; mutations and webhooks invalidate what they change.
        builder.Services.AddCachePolicy(PaymentsOptions.SourceName, PaymentByIdDataLoader.Entity, ttl: TimeSpan.FromSeconds(10), grace: TimeSpan.FromMinutes(10));
        builder.Services.AddCachePolicy(PaymentsOptions.SourceName, PaymentsByCustomerDataLoader.Entity, ttl: TimeSpan.FromSeconds(30), grace: TimeSpan.FromMinutes(10));
        builder.Services.AddSingleton<IPaymentChangeListener, PaymentCacheInvalidator>();
        builder.Services.AddSingleton<Gateway.Sources.Payments.Webhooks.PaymentWebhookEndpoint>();
        builder.Services
            .AddGraphTypesOf(typeof(PaymentGraphType).Assembly)
            .AddFieldContributor<QueryGraphType, PaymentsQueryFields>()
            .AddFieldContributor<MutationGraphType, PaymentsMutationFields>()
            .AddNamedTypeContributor<CustomerPaymentsField>()
            .AddFieldContributor<SubscriptionGraphType, PaymentsSubscriptionFields>();
        return builder;
    }
}
