using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace DemoUpstreams.Tests;

public static class ProblemAssert
{
    /// <summary>Asserts an RFC 9457 problem response with <paramref name="status"/>; returns its detail.</summary>
    public static async Task<string?> IsProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        return problem.TryGetProperty("detail", out var detail) ? detail.GetString() : null;
    }
}
