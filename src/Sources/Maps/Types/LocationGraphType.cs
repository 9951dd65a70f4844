using Gateway.Sources.Common.Schema;
using Gateway.Sources.Maps.Contracts;
using GraphQL.Types;

namespace Gateway.Sources.Maps.Types;

/// <summary>A point on the map; the weather source adds <c>weather</c> and <c>forecast</c>.</summary>
public sealed class LocationGraphType : ObjectGraphType<GeoPoint>
{
    public LocationGraphType(IEnumerable<IFieldContributor<LocationGraphType>> contributors)
    {
        Name = "Location";
        Description = "A geocoded point.";
        Field<NonNullGraphType<FloatGraphType>>("lat").Description("Latitude in degrees (WGS 84).").Resolve(c => c.Source.Lat);
        Field<NonNullGraphType<FloatGraphType>>("lng").Description("Longitude in degrees (WGS 84).").Resolve(c => c.Source.Lng);
        Field<NonNullGraphType<StringGraphType>>("formattedAddress").Description("The address as the maps service normalises it.")
            .Resolve(c => c.Source.FormattedAddress);
        foreach (var contributor in contributors)
        {
            contributor.Contribute(this);
        }
    }
}
