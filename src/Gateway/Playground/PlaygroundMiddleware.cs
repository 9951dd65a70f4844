using System.Text.Json;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Gateway.Playground;

/// <summary>
/// Serves Banana Cake Pop the way its own middleware does: a browser's <c>GET /graphql</c> (Accept includes
/// text/html, no <c>query</c>) is redirected to <c>/graphql/</c>, which serves the IDE; its files and
/// <c>bcp-config.json</c> live under <c>/graphql/</c>. Everything else passes on to the GraphQL endpoint, so GETs
/// with a query, POSTs and WebSocket upgrades are GraphQL requests as before. Nothing is loaded from a CDN.
/// </summary>
public sealed class PlaygroundMiddleware
{
    private static readonly FileExtensionContentTypeProvider ContentTypes = new();
    private readonly RequestDelegate _next;
    private readonly PathString _path;
    private readonly bool _enabled;
    private readonly string _title;
    private readonly PhysicalFileProvider? _files;

    public PlaygroundMiddleware(RequestDelegate next, PathString path, IOptions<PlaygroundOptions> options, IHostEnvironment environment)
    {
        _next = next;
        _path = path;
        var settings = options.Value;
        _enabled = settings.Enabled ?? environment.IsDevelopment();
        _title = settings.Title;
        var directory = settings.Directory ?? Path.Combine(AppContext.BaseDirectory, "playground");
        _files = File.Exists(Path.Combine(directory, "index.html")) ? new PhysicalFileProvider(directory) : null;
    }

    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (!_enabled || !(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)) || context.WebSockets.IsWebSocketRequest)
        {
            await _next(context).ConfigureAwait(false);
            return;
        }

        if (request.Path.Equals(_path, StringComparison.OrdinalIgnoreCase))
        {
            if (!request.Query.ContainsKey("query") && AcceptsHtml(request))
            {
                context.Response.Redirect($"{request.PathBase}{_path}/{request.QueryString}");
                return;
            }
            await _next(context).ConfigureAwait(false);
            return;
        }

        if (!request.Path.StartsWithSegments(_path, StringComparison.OrdinalIgnoreCase, out var rest))
        {
            await _next(context).ConfigureAwait(false);
            return;
        }

        if (_files is null)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync("Banana Cake Pop is not installed: build the gateway with Node.js and npm available.").ConfigureAwait(false);
            return;
        }

        var file = rest.Value is null or "/" ? "/index.html" : rest.Value;
        if (file.Equals("/bcp-config.json", StringComparison.OrdinalIgnoreCase))
        {
            await WriteConfigAsync(context).ConfigureAwait(false);
            return;
        }
        await ServeFileAsync(context, file).ConfigureAwait(false);
    }

    private async Task WriteConfigAsync(HttpContext context)
    {
        var request = context.Request;
        var scheme = request.IsHttps ? "wss" : "ws";
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.CacheControl = "no-cache";
        await JsonSerializer.SerializeAsync(context.Response.Body, new Dictionary<string, object>
        {
            ["useBrowserUrlAsEndpoint"] = true,
            ["endpoint"] = $"{request.Scheme}://{request.Host}{request.PathBase}{_path}",
            ["subscriptionEndpoint"] = $"{scheme}://{request.Host}{request.PathBase}{_path}",
            ["title"] = _title,
            // Offline by design: the IDE makes no calls home.
            ["disableTelemetry"] = true,
        }, cancellationToken: context.RequestAborted).ConfigureAwait(false);
    }

    private async Task ServeFileAsync(HttpContext context, string path)
    {
        var info = _files!.GetFileInfo(path);
        if (!info.Exists || info.IsDirectory || path.Contains("..", StringComparison.Ordinal))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        context.Response.ContentType = ContentTypes.TryGetContentType(path, out var type) ? type : "application/octet-stream";
        if (type is "text/html" or "application/javascript" or "text/css" || path.EndsWith(".json", StringComparison.Ordinal))
        {
            context.Response.ContentType += "; charset=utf-8";
        }
        // Hashed bundle files never change; index.html and the rest are revalidated.
        context.Response.Headers.CacheControl = path.StartsWith("/static/", StringComparison.Ordinal) ? "public, max-age=31536000, immutable" : "no-cache";
        context.Response.ContentLength = info.Length;
        if (HttpMethods.IsHead(context.Request.Method))
        {
            return;
        }
        await context.Response.SendFileAsync(info, context.RequestAborted).ConfigureAwait(false);
    }

    private static bool AcceptsHtml(HttpRequest request) =>
        MediaTypeHeaderValue.TryParseList(request.Headers.Accept, out var accepted)
        && accepted.Any(m => m.MediaType.Equals("text/html", StringComparison.OrdinalIgnoreCase) && m.Quality is not 0);
}
