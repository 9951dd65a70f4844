using DemoUpstreams.Data;

namespace DemoUpstreams.Maps;

/// <summary>
/// Geocodes addresses in the known cities: the city's centre plus a small offset derived from the street, so
/// every address has its own stable point. An address in no known city is not found rather than guessed.
/// </summary>
public static class Geocoder
{
    public static GeoPoint? Geocode(string address)
    {
        var normalized = string.Join(' ', address.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        if (normalized.Length == 0)
        {
            return null;
        }
        var city = Cities.All
            .Where(c => normalized.Contains(c.Name, StringComparison.OrdinalIgnoreCase))
            .OrderByDescending(c => c.Name.Length)
            .FirstOrDefault();
        if (city is null)
        {
            return null;
        }
        var key = normalized.ToLowerInvariant();
        var lat = city.Lat + (StableHash.Unit("lat:" + key) - 0.5) * 0.08;
        var lng = city.Lng + (StableHash.Unit("lng:" + key) - 0.5) * 0.08;
        return new GeoPoint(Math.Round(lat, 6), Math.Round(lng, 6), normalized);
    }

    public static City Nearest(double lat, double lng) =>
        Cities.All.MinBy(c => DistanceKm(lat, lng, c.Lat, c.Lng))!;

    /// <summary>Great-circle distance (haversine).</summary>
    public static double DistanceKm(double lat1, double lng1, double lat2, double lng2)
    {
        const double earthRadiusKm = 6371.0;
        static double Radians(double degrees) => degrees * Math.PI / 180;
        var dLat = Radians(lat2 - lat1);
        var dLng = Radians(lng2 - lng1);
        var a = Math.Pow(Math.Sin(dLat / 2), 2)
            + Math.Cos(Radians(lat1)) * Math.Cos(Radians(lat2)) * Math.Pow(Math.Sin(dLng / 2), 2);
        return 2 * earthRadiusKm * Math.Asin(Math.Min(1, Math.Sqrt(a)));
    }
}
