using Gateway.Sources.Common.Errors;
using Gateway.Sources.Common.Schema;
using Gateway.Sources.Maps.Contracts;
using Gateway.Sources.Maps.Types;
using Gateway.Sources.Weather.Contracts;
using Gateway.Sources.Weather.DataLoaders;
using GraphQL;
using GraphQL.Types;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Sources.Weather.Types;

/// <summary>The root field <c>weather(lat, lng)</c>.</summary>
public sealed class WeatherQueryFields : IFieldContributor<QueryGraphType>
{
    public void Contribute(QueryGraphType query) =>
        query.Field<WeatherGraphType>("weather")
            .Description("Current weather at a coordinate.")
            .Argument<NonNullGraphType<FloatGraphType>>("lat", "Latitude, -90 to 90.")
            .Argument<NonNullGraphType<FloatGraphType>>("lng", "Longitude, -180 to 180.")
            .Resolve(context => context.RequestServices!.GetRequiredService<WeatherByCoordinateDataLoader>()
                .Load(Coordinates.Check(context.GetArgument<double>("lat"), context.GetArgument<double>("lng"))));
}

/// <summary>Joins the map to the weather: <c>Location.weather</c> and <c>Location.forecast</c>.</summary>
public sealed class LocationWeatherFields : IFieldContributor<LocationGraphType>
{
    public const int MaxForecastDays = 14;

    public void Contribute(LocationGraphType location)
    {
        location.Field<WeatherGraphType>("weather")
            .Description("Current weather at this point.")
            .Resolve(context =>
            {
                var point = (GeoPoint)context.Source!;
                return context.RequestServices!.GetRequiredService<WeatherByCoordinateDataLoader>().Load(Coordinate.Of(point.Lat, point.Lng));
            });

        // Nullable on purpose: a weather outage must not null the location it hangs off.
        location.Field<ListGraphType<NonNullGraphType<DailyForecastGraphType>>>("forecast")
            .Description("Daily forecast at this point, starting today; null with an error when the weather service fails.")
            .Argument<IntGraphType>("days", $"How many days, 1 to {MaxForecastDays}.", argument => argument.DefaultValue = 3)
            .Resolve(context =>
            {
                var days = context.GetArgument("days", 3);
                if (days is < 1 or > MaxForecastDays)
                {
                    throw new BadUserInputError($"'days' must be between 1 and {MaxForecastDays}.");
                }
                var point = (GeoPoint)context.Source!;
                return context.RequestServices!.GetRequiredService<ForecastByCoordinateDataLoader>()
                    .Load(new ForecastKey(Coordinate.Of(point.Lat, point.Lng), days));
            });
    }
}

internal static class Coordinates
{
    public static Coordinate Check(double lat, double lng)
    {
        if (!double.IsFinite(lat) || lat is < -90 or > 90)
        {
            throw new BadUserInputError("'lat' must be between -90 and 90.");
        }
        if (!double.IsFinite(lng) || lng is < -180 or > 180)
        {
            throw new BadUserInputError("'lng' must be between -180 and 180.");
        }
        return Coordinate.Of(lat, lng);
    }
}
