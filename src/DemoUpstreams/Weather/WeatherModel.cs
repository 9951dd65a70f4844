using System.Globalization;
using DemoUpstreams.Data;

namespace DemoUpstreams.Weather;

/// <summary>
/// Deterministic weather: conditions at a coordinate are a function of the coordinate and the current time step
/// (<c>Demo:Weather:StepSeconds</c>, 30 s by default), so they change in steps a subscriber can observe and every
/// process computes the same values.
/// </summary>
public sealed class WeatherModel(TimeProvider time, DemoOptions options)
{
    private static readonly string[] Conditions = ["Clear", "PartlyCloudy", "Cloudy", "Rain", "Showers", "Thunderstorm", "Snow", "Fog", "Windy"];

    public long CurrentStep => time.GetUtcNow().ToUnixTimeSeconds() / Math.Max(1, options.Weather.StepSeconds);

    public CurrentWeather Current(double lat, double lng)
    {
        var step = CurrentStep;
        var key = string.Create(CultureInfo.InvariantCulture, $"{lat:F4},{lng:F4}:{step}");
        var baseline = 28 - Math.Abs(lat) * 0.45;
        var temperature = Math.Round(baseline + (StableHash.Unit("t:" + key) - 0.5) * 12, 1);
        var condition = Conditions[(int)(StableHash.Of("c:" + key) % Conditions.Length)];
        if (condition == "Snow" && temperature > 3)
        {
            condition = "Rain";
        }
        var observedAt = DateTimeOffset.FromUnixTimeSeconds(step * Math.Max(1, options.Weather.StepSeconds));
        return new CurrentWeather(
            temperature,
            condition,
            Math.Round(StableHash.Unit("w:" + key) * 60, 1),
            20 + (int)(StableHash.Of("h:" + key) % 80),
            observedAt);
    }

    public IReadOnlyList<DailyForecast> Forecast(double lat, double lng, int days)
    {
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var result = new List<DailyForecast>(days);
        for (var day = 0; day < days; day++)
        {
            var date = today.AddDays(day);
            var key = string.Create(CultureInfo.InvariantCulture, $"{lat:F2},{lng:F2}:{date:yyyy-MM-dd}");
            var mid = 28 - Math.Abs(lat) * 0.45 + (StableHash.Unit("f:" + key) - 0.5) * 10;
            var spread = 3 + StableHash.Unit("s:" + key) * 7;
            var condition = Conditions[(int)(StableHash.Of("fc:" + key) % Conditions.Length)];
            var rain = condition is "Rain" or "Showers" or "Thunderstorm" ? Math.Round(StableHash.Unit("p:" + key) * 25, 1) : 0;
            result.Add(new DailyForecast(date, Math.Round(mid - spread / 2, 1), Math.Round(mid + spread / 2, 1), condition, rain));
        }
        return result;
    }
}
