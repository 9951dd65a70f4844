using Gateway.Sources.Common.Options;

namespace Gateway.Sources.Weather;

/// <summary><c>Sources:Weather</c>.</summary>
public sealed class WeatherOptions : SourceOptions
{
    public const string SectionName = "Sources:Weather";
    public const string SourceName = "weather";

    /// <summary>How often locations with <c>weatherChanged</c> subscribers are polled (once per interval across all instances).</summary>
    [System.ComponentModel.DataAnnotations.Range(typeof(TimeSpan), "00:00:00.050", "01:00:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(10);
}
