namespace DemoUpstreams.Data;

/// <summary>A real city with its centre, so geocoding and weather are meaningful.</summary>
public sealed record City(string Name, string Country, string PostalPrefix, double Lat, double Lng);
