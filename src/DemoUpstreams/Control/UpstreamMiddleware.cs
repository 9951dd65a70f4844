using DemoUpstreams.Crm;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.Options;

namespace DemoUpstreams.Control;

/// <summary>
/// In front of every upstream request: counts it, adds the base latency, and applies injected faults (a 503 or,
/// for the CRM, a <c>soap:Server</c> fault; extra latency; or a hang until the caller gives up).
/// Service descriptions (OpenAPI, WSDL) are neither counted nor faulted.
/// </summary>
public sealed class UpstreamMiddleware(RequestDelegate next, DemoStats stats, FaultInjector faults, IOptions<DemoOptions> options)
{
    private static readonly TimeSpan Hang = TimeSpan.FromMinutes(10);

    public async Task InvokeAsync(HttpContext context)
    {
        var upstream = Upstreams.FromPath(context.Request.Path);
        if (upstream is null || IsServiceDescription(context.Request))
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? context.Request.Path.Value ?? "";
        stats.Count(upstream, $"{context.Request.Method} {route}");
        stats.RecordHeaders(upstream, context.Request.Headers);

        var fault = faults.Get(upstream);
        var latency = options.Value.LatencyMs + (fault?.LatencyMs ?? 0);
        try
        {
            if (latency > 0)
            {
                await Task.Delay(latency, context.RequestAborted).ConfigureAwait(false);
            }
            if (faults.NextTimesOut(upstream))
            {
                await Task.Delay(Hang, context.RequestAborted).ConfigureAwait(false);
                return;
            }
        }
        catch (OperationCanceledException)
        {
            // The caller gave up (timeout, or its own client went away); tests count these.
            stats.CountItems($"{upstream}.aborted", 1);
            return;
        }

        if (faults.NextFails(upstream))
        {
            if (upstream == Upstreams.Crm)
            {
                await CrmSoapEndpoint.WriteFaultAsync(context, new SoapFaultException(false, "Unavailable", "The CRM is temporarily unavailable.")).ConfigureAwait(false);
            }
            else
            {
                await Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Service unavailable",
                    detail: $"The {upstream} service is temporarily unavailable.").ExecuteAsync(context).ConfigureAwait(false);
            }
            return;
        }

        await next(context).ConfigureAwait(false);
    }

    private static bool IsServiceDescription(HttpRequest request) =>
        request.Path.Value!.EndsWith("/openapi.json", StringComparison.OrdinalIgnoreCase)
        || (HttpMethods.IsGet(request.Method) && request.Query.ContainsKey("wsdl"));
}
