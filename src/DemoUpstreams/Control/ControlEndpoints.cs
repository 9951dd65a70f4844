using DemoUpstreams.Data;

namespace DemoUpstreams.Control;

/// <summary>The demo's control plane for tests and benchmarks; never part of the gateway.</summary>
public static class ControlEndpoints
{
    public static void MapDemoControl(this IEndpointRouteBuilder endpoints)
    {
        var control = endpoints.MapGroup("/_demo").ExcludeFromDescription();

        control.MapGet("/stats", (DemoStats stats) => Results.Json(stats.Snapshot()));

        control.MapPost("/reset", (DemoStats stats, FaultInjector faults) =>
        {
            stats.Reset();
            faults.Reset();
            return Results.NoContent();
        });

        control.MapPost("/faults", (FaultSettings settings, FaultInjector faults) =>
        {
            if (FaultInjector.Validate(settings) is { } problem)
            {
                return Problems.BadRequest(problem);
            }
            faults.Set(settings.Upstream!, settings);
            return Results.NoContent();
        });
    }
}
