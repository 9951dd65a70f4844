using Gateway.Sources.Common.Schema;
using Gateway.Sources.Crm.Types;
using Gateway.Sources.Maps;
using Gateway.Sources.Maps.Client;
using Gateway.Sources.Maps.DataLoaders;
using Gateway.Sources.Maps.Types;
using GraphQL;
using GraphQL.DI;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.Extensions.Hosting;

/// <summary>Registers the maps source.</summary>
public static class MapsSourceExtensions
{
    public static IHostApplicationBuilder AddMapsSource(this IHostApplicationBuilder builder)
    {
        builder.Services.AddUpstreamClient<MapsClient, MapsOptions>(MapsOptions.SectionName, MapsOptions.SourceName);
        builder.Services.AddScoped<LocationByAddressDataLoader>();
        // Addresses rarely move: geocodes stay fresh for hours.
        builder.Services.AddCachePolicy(MapsOptions.SourceName, LocationByAddressDataLoader.Entity, ttl: TimeSpan.FromHours(6), grace: TimeSpan.FromDays(1));
        return builder;
    }

    public static IGraphQLBuilder AddMapsTypes(this IGraphQLBuilder graphQL) => graphQL
        .AddGraphTypes(typeof(LocationGraphType).Assembly)
        .AddFieldContributor<QueryGraphType, MapsQueryFields>()
        .AddFieldContributor<AddressGraphType, AddressLocationField>();
}
