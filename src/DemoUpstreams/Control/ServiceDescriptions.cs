using System.Reflection;
using System.Text.Json.Nodes;

namespace DemoUpstreams.Control;

/// <summary>Serves each REST upstream's OpenAPI document, with the address it was asked at as its server.</summary>
public static class ServiceDescriptions
{
    public static void MapServiceDescriptions(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/{document}/openapi.json", (string document, HttpRequest request) =>
        {
            if (!DemoUpstreamsApp.OpenApiDocuments.Contains(document, StringComparer.Ordinal) || Read(document) is not { } description)
            {
                return Results.NotFound();
            }
            description["servers"] = new JsonArray(new JsonObject { ["url"] = $"{request.Scheme}://{request.Host}{request.PathBase}/" });
            return Results.Text(description.ToJsonString(), "application/json");
        }).ExcludeFromDescription();

    /// <summary>The document of one upstream, as kept beside its endpoints.</summary>
    public static JsonObject? Read(string document)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"DemoUpstreams.{document}.openapi.json");
        return stream is null ? null : JsonNode.Parse(stream) as JsonObject;
    }
}
