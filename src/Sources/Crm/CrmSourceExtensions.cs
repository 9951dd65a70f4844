using Gateway.Sources.Common.Schema;
using Gateway.Sources.Crm;
using Gateway.Sources.Crm.Client;
using Gateway.Sources.Crm.DataLoaders;
using Gateway.Sources.Crm.Types;
using Gateway.Sources.Crm.Contracts;
using GraphQL;
using GraphQL.DI;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.Extensions.Hosting;

/// <summary>Registers the CRM source.</summary>
public static class CrmSourceExtensions
{
    /// <summary>Options (<c>Sources:Crm</c>), the SOAP client and the DataLoaders.</summary>
    public static IHostApplicationBuilder AddCrmSource(this IHostApplicationBuilder builder)
    {
        // The CRM's base URL is the SOAP endpoint itself.
        builder.Services.AddUpstreamClient<CrmClient, CrmOptions>(CrmOptions.SectionName, CrmOptions.SourceName, baseUrlIsEndpoint: true);
        builder.Services.AddScoped<CustomerByIdDataLoader>();
        builder.Services.AddCachePolicy(CrmOptions.SourceName, CustomerByIdDataLoader.Entity, ttl: TimeSpan.FromMinutes(5), grace: TimeSpan.FromHours(1));
        builder.Services.AddSingleton<ICustomerChangeListener, CustomerCacheInvalidator>();
        builder.Services.AddSingleton<ICustomerChangeListener, CustomerEvents>();
        return builder;
    }

    /// <summary>The CRM's graph types and root fields.</summary>
    public static IGraphQLBuilder AddCrmTypes(this IGraphQLBuilder graphQL) => graphQL
        .AddGraphTypes(typeof(CustomerGraphType).Assembly)
        .AddFieldContributor<QueryGraphType, CrmQueryFields>()
        .AddFieldContributor<MutationGraphType, CrmMutationFields>()
        .AddFieldContributor<SubscriptionGraphType, CrmSubscriptionFields>();
}
