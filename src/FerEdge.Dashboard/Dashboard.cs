using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace FerEdge.Dashboard;

/// <summary>
/// Maps the caregiver dashboard onto a web application: the page (<c>GET /</c> and its files, embedded in this
/// assembly) and <c>GET /api/config</c>, which tells the page the device id, where the MQTT WebSocket endpoint is,
/// and the alert rules. The page itself talks MQTT over WebSockets to the broker; the server holds no state.
/// <para>
/// With the embedded broker, the host maps it onto the broker's web application (its extra HTTP port); the runtime
/// callback then returns the started broker's ports. With an external broker, start a
/// <see cref="DashboardServer"/> on the HTTP port instead, naming the broker's WebSocket URL.
/// </para>
/// </summary>
public static class Dashboard
{
    /// <summary>
    /// A strict policy: scripts, styles and images only from this origin, no inline script (so no inline event
    /// handlers), network access only back to this origin and to MQTT WebSockets. The page never loads an image of
    /// the person; this makes sure nothing it includes could either.
    /// </summary>
    private const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; worker-src 'self' blob:; style-src 'self'; img-src 'self'; connect-src 'self' ws: wss:; " +
        "object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    /// <summary>
    /// Maps the dashboard's routes onto <paramref name="app"/>; maps nothing when <see cref="DashboardOptions.Enabled"/>
    /// is false. Call before the application starts.
    /// </summary>
    /// <param name="app">The web application (an <see cref="Microsoft.AspNetCore.Builder.WebApplication"/>).</param>
    /// <param name="options">Alert rules and windows; validated here.</param>
    /// <param name="runtime">
    /// Called on every request (from any thread, only once the application serves requests), so it may read ports that
    /// were bound after this call. Must be cheap and must not throw once the application has started.
    /// </param>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    public static void Map(IEndpointRouteBuilder app, DashboardOptions options, Func<DashboardRuntimeInfo> runtime)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(runtime);
        options.Validate();
        if (!options.Enabled)
        {
            return;
        }

        var assets = DashboardAssets.Embedded;
        app.MapGet("/api/config", context => ServeConfigAsync(context, options, runtime));
        app.MapGet("/", context => ServeAssetAsync(context, assets, "index.html", runtime));
        app.MapGet("/{file}", context => ServeAssetAsync(context, assets, (string)context.Request.RouteValues["file"]!, runtime));
    }

    private static bool OnDashboardPort(HttpContext context, DashboardRuntimeInfo info) =>
        info.HttpPort is not { } port || context.Connection.LocalPort == port;

    private static Task ServeConfigAsync(HttpContext context, DashboardOptions options, Func<DashboardRuntimeInfo> runtime)
    {
        var info = runtime();
        if (!OnDashboardPort(context, info))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }

        info.Validate();
        var json = JsonSerializer.SerializeToUtf8Bytes(DashboardConfig.Create(options, info), DashboardJsonContext.Default.DashboardConfig);
        context.Response.ContentType = "application/json";
        context.Response.Headers.CacheControl = "no-store";
        context.Response.ContentLength = json.Length;
        return context.Response.Body.WriteAsync(json, context.RequestAborted).AsTask();
    }

    private static Task ServeAssetAsync(HttpContext context, DashboardAssets assets, string name, Func<DashboardRuntimeInfo> runtime)
    {
        if (!OnDashboardPort(context, runtime()) || !assets.TryGet(name, out var asset))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }

        var headers = context.Response.Headers;
        headers.ETag = asset.ETag;

        // Revalidate every time: a tablet must never keep an old page after the device is updated, and the files are
        // small enough that a 304 round trip on the local network costs nothing.
        headers.CacheControl = "no-cache";
        headers.XContentTypeOptions = "nosniff";
        if (asset.ContentType.StartsWith("text/html", StringComparison.Ordinal))
        {
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers["Referrer-Policy"] = "no-referrer";
        }

        if (context.Request.Headers.IfNoneMatch.Contains(asset.ETag))
        {
            context.Response.StatusCode = StatusCodes.Status304NotModified;
            return Task.CompletedTask;
        }

        context.Response.ContentType = asset.ContentType;
        context.Response.ContentLength = asset.Content.Length;
        return context.Response.Body.WriteAsync(asset.Content, context.RequestAborted).AsTask();
    }
}
