namespace DemoUpstreams.Data;

/// <summary>RFC 9457 problem details for the REST upstreams.</summary>
public static class Problems
{
    public static IResult BadRequest(string detail) =>
        Results.Problem(detail: detail, statusCode: StatusCodes.Status400BadRequest, title: "Invalid request");

    public static IResult NotFound(string detail) =>
        Results.Problem(detail: detail, statusCode: StatusCodes.Status404NotFound, title: "Not found");

    public static IResult Conflict(string detail) =>
        Results.Problem(detail: detail, statusCode: StatusCodes.Status409Conflict, title: "Conflict");

    /// <summary>The reason a coordinate is invalid, or null.</summary>
    public static string? CheckCoordinate(double? lat, double? lng)
    {
        if (lat is null || lng is null)
        {
            return "Both 'lat' and 'lng' are required.";
        }
        if (!double.IsFinite(lat.Value) || lat is < -90 or > 90)
        {
            return "'lat' must be between -90 and 90.";
        }
        if (!double.IsFinite(lng.Value) || lng is < -180 or > 180)
        {
            return "'lng' must be between -180 and 180.";
        }
        return null;
    }
}
