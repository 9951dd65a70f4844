namespace DemoUpstreams.Data;

/// <summary>The cities customers live in. Coordinates are the cities' public centre points.</summary>
public static class Cities
{
    public static readonly IReadOnlyList<City> All =
    [
        new("Berlin", "Germany", "10", 52.5200, 13.4050),
        new("Hamburg", "Germany", "20", 53.5511, 9.9937),
        new("Munich", "Germany", "80", 48.1351, 11.5820),
        new("Paris", "France", "75", 48.8566, 2.3522),
        new("Lyon", "France", "69", 45.7640, 4.8357),
        new("Madrid", "Spain", "28", 40.4168, -3.7038),
        new("Barcelona", "Spain", "08", 41.3874, 2.1686),
        new("Rome", "Italy", "00", 41.9028, 12.4964),
        new("Milan", "Italy", "20", 45.4642, 9.1900),
        new("Amsterdam", "Netherlands", "10", 52.3676, 4.9041),
        new("Vienna", "Austria", "10", 48.2082, 16.3738),
        new("Zurich", "Switzerland", "80", 47.3769, 8.5417),
        new("Stockholm", "Sweden", "11", 59.3293, 18.0686),
        new("Oslo", "Norway", "01", 59.9139, 10.7522),
        new("Copenhagen", "Denmark", "12", 55.6761, 12.5683),
        new("Helsinki", "Finland", "00", 60.1699, 24.9384),
        new("Dublin", "Ireland", "D0", 53.3498, -6.2603),
        new("London", "United Kingdom", "EC", 51.5072, -0.1276),
        new("Edinburgh", "United Kingdom", "EH", 55.9533, -3.1883),
        new("Lisbon", "Portugal", "11", 38.7223, -9.1393),
        new("Warsaw", "Poland", "00", 52.2297, 21.0122),
        new("Prague", "Czechia", "11", 50.0755, 14.4378),
        new("New York", "United States", "10", 40.7128, -74.0060),
        new("San Francisco", "United States", "94", 37.7749, -122.4194),
        new("Chicago", "United States", "60", 41.8781, -87.6298),
        new("Toronto", "Canada", "M5", 43.6532, -79.3832),
        new("Tokyo", "Japan", "10", 35.6762, 139.6503),
        new("Singapore", "Singapore", "01", 1.3521, 103.8198),
        new("Sydney", "Australia", "20", -33.8688, 151.2093),
        new("Cape Town", "South Africa", "80", -33.9249, 18.4241),
    ];

    public static City? Find(string name) =>
        All.FirstOrDefault(city => string.Equals(city.Name, name, StringComparison.OrdinalIgnoreCase));
}
