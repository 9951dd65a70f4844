using Gateway.Sources.Common.Options;

namespace Gateway.Sources.Weather;

/// <summary><c>Sources:Weather</c>.</summary>
public sealed class WeatherOptions : SourceOptions
{
    public const string SectionName = "Sources:Weather";
    public const string SourceName = "weather";
}
