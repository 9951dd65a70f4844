namespace DemoUpstreams.Control;

/// <summary>The demo upstreams, by the first segment of their paths.</summary>
public static class Upstreams
{
    public const string Crm = "crm";
    public const string Maps = "maps";
    public const string Weather = "weather";
    public const string Payments = "payments";
    public const string Rates = "rates";

    public static readonly string[] All = [Crm, Maps, Weather, Payments, Rates];

    /// <summary>The upstream a request path belongs to, or null for the control plane and anything else.</summary>
    public static string? FromPath(PathString path)
    {
        var value = path.Value;
        if (string.IsNullOrEmpty(value) || value.Length < 2)
        {
            return null;
        }
        var end = value.IndexOf('/', 1);
        var segment = end < 0 ? value[1..] : value[1..end];
        return Array.Find(All, name => string.Equals(name, segment, StringComparison.OrdinalIgnoreCase));
    }
}
