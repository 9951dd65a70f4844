using System.Net;
using System.Text.Json;

namespace Gateway.Tests.Infrastructure;

/// <summary>A GraphQL HTTP response, read whole.</summary>
public sealed record GraphQLResponse(HttpStatusCode Status, string? ContentType, JsonElement Body)
{
    public JsonElement Data => Body.GetProperty("data");

    public IReadOnlyList<JsonElement> Errors =>
        Body.TryGetProperty("errors", out var errors) ? errors.EnumerateArray().ToList() : [];

    public bool HasErrors => Errors.Count > 0;

    /// <summary>The errors' paths as strings like <c>customers.3.address.location.weather</c>.</summary>
    public IEnumerable<string> ErrorPaths => Errors.Select(e =>
        string.Join('.', e.GetProperty("path").EnumerateArray().Select(p => p.ToString())));

    public static string Code(JsonElement error) => error.GetProperty("extensions").GetProperty("code").GetString()!;
}
