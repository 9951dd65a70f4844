using Gateway.Sources.Common.Errors;
using Gateway.Sources.Weather.Contracts;
using GraphQL.Types;

namespace Gateway.Sources.Weather.Types;

public enum WeatherCondition
{
    Clear,
    PartlyCloudy,
    Cloudy,
    Rain,
    Showers,
    Thunderstorm,
    Snow,
    Fog,
    Windy,
}

public sealed class WeatherConditionGraphType : EnumerationGraphType<WeatherCondition>
{
    public WeatherConditionGraphType()
    {
        Name = "WeatherCondition";
        Description = "The kind of weather.";
    }
}

/// <summary>Current conditions at a point.</summary>
public sealed class WeatherGraphType : ObjectGraphType<CurrentWeather>
{
    public WeatherGraphType()
    {
        Name = "Weather";
        Description = "Current weather conditions at a point.";
        Field<NonNullGraphType<FloatGraphType>>("temperatureC").Description("Air temperature in degrees Celsius.")
            .Resolve(c => c.Source.TemperatureC);
        Field<NonNullGraphType<WeatherConditionGraphType>>("condition").Description("The kind of weather.")
            .Resolve(c => WeatherConditions.Parse(c.Source.Condition));
        Field<NonNullGraphType<FloatGraphType>>("windKph").Description("Wind speed in km/h.").Resolve(c => c.Source.WindKph);
        Field<NonNullGraphType<IntGraphType>>("humidity").Description("Relative humidity in percent.").Resolve(c => c.Source.Humidity);
        Field<NonNullGraphType<DateTimeGraphType>>("observedAt").Description("When these conditions were observed (UTC).")
            .Resolve(c => c.Source.ObservedAt.UtcDateTime);
    }
}

/// <summary>One day of a forecast.</summary>
public sealed class DailyForecastGraphType : ObjectGraphType<DailyForecast>
{
    public DailyForecastGraphType()
    {
        Name = "DailyForecast";
        Description = "The forecast for one day.";
        Field<NonNullGraphType<DateOnlyGraphType>>("date").Description("The day (UTC).").Resolve(c => c.Source.Date);
        Field<NonNullGraphType<FloatGraphType>>("minC").Description("Lowest temperature in degrees Celsius.").Resolve(c => c.Source.MinC);
        Field<NonNullGraphType<FloatGraphType>>("maxC").Description("Highest temperature in degrees Celsius.").Resolve(c => c.Source.MaxC);
        Field<NonNullGraphType<WeatherConditionGraphType>>("condition").Description("The prevailing kind of weather.")
            .Resolve(c => WeatherConditions.Parse(c.Source.Condition));
        Field<NonNullGraphType<FloatGraphType>>("precipitationMm").Description("Expected precipitation in millimetres.")
            .Resolve(c => c.Source.PrecipitationMm);
    }
}

internal static class WeatherConditions
{
    public static WeatherCondition Parse(string value) =>
        Enum.TryParse<WeatherCondition>(value, ignoreCase: true, out var condition)
            ? condition
            : throw new UpstreamError(WeatherOptions.SourceName, "The weather upstream reported an unknown condition.");
}
