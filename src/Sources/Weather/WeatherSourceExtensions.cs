using Gateway.Sources.Common.Schema;
using Gateway.Sources.Maps.Types;
using Gateway.Sources.Weather;
using Gateway.Sources.Weather.Client;
using Gateway.Sources.Weather.DataLoaders;
using Gateway.Sources.Weather.Types;
using GraphQL;
using GraphQL.DI;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.Extensions.Hosting;

/// <summary>Registers the weather source.</summary>
public static class WeatherSourceExtensions
{
    public static IHostApplicationBuilder AddWeatherSource(this IHostApplicationBuilder builder)
    {
        builder.Services.AddUpstreamClient<WeatherClient, WeatherOptions>(WeatherOptions.SectionName, WeatherOptions.SourceName);
        builder.Services.AddScoped<WeatherByCoordinateDataLoader>();
        builder.Services.AddScoped<ForecastByCoordinateDataLoader>();
        builder.Services.AddCachePolicy(WeatherOptions.SourceName, WeatherByCoordinateDataLoader.Entity, ttl: TimeSpan.FromMinutes(1), grace: TimeSpan.FromMinutes(30));
        builder.Services.AddCachePolicy(WeatherOptions.SourceName, ForecastByCoordinateDataLoader.Entity, ttl: TimeSpan.FromMinutes(15), grace: TimeSpan.FromHours(3));
        builder.Services.AddSingleton<Gateway.Sources.Weather.Polling.WeatherPoller>();
        builder.Services.AddHostedService(services => services.GetRequiredService<Gateway.Sources.Weather.Polling.WeatherPoller>());
        return builder;
    }

    public static IGraphQLBuilder AddWeatherTypes(this IGraphQLBuilder graphQL) => graphQL
        .AddGraphTypes(typeof(WeatherGraphType).Assembly)
        .AddFieldContributor<QueryGraphType, WeatherQueryFields>()
        .AddFieldContributor<LocationGraphType, LocationWeatherFields>()
        .AddFieldContributor<SubscriptionGraphType, WeatherSubscriptionFields>();
}
