using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace FerEdge.Dashboard;

/// <summary>
/// Maps the caregiver dashboard onto a web application: the page (<c>GET /</c> and its files, embedded in this
/// assembly), the login API (<c>POST /api/login</c>, <c>GET /api/session</c>, <c>POST /api/logout</c>) and
/// <c>GET /api/config</c>, which tells a logged-in page the device id, where the MQTT WebSocket endpoint is, and the
/// alert rules. The page's files are public (they carry nothing about a person, and the login form is among them);
/// everything else needs a live session. The page itself talks MQTT over WebSockets to the broker, logging in with
/// its user name and session token; the server holds only the sessions.
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
    /// <param name="access">
    /// The users, sessions and login throttle. When null nobody can log in (<c>/api/login</c> answers 503) and the page
    /// shows only its login form: the dashboard is closed, never open.
    /// </param>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    public static void Map(IEndpointRouteBuilder app, DashboardOptions options, Func<DashboardRuntimeInfo> runtime, DashboardAccess? access = null)
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
        var logger = app.ServiceProvider.GetService<ILoggerFactory>()?.CreateLogger(typeof(Dashboard).FullName!) ?? NullLogger.Instance;
        var api = new DashboardApi(access, runtime, logger);
        app.MapPost("/api/login", context => OnDashboardPort(context, runtime()) ? api.LoginAsync(context) : NotFound(context));
        app.MapGet("/api/session", context => OnDashboardPort(context, runtime()) ? api.SessionAsync(context) : NotFound(context));
        app.MapPost("/api/logout", context => OnDashboardPort(context, runtime()) ? api.LogoutAsync(context) : NotFound(context));
        app.MapGet("/api/config", context => ServeConfigAsync(context, options, runtime, api));
        app.MapGet("/", context => ServeAssetAsync(context, assets, "index.html", runtime));
        app.MapGet("/{file}", context => ServeAssetAsync(context, assets, (string)context.Request.RouteValues["file"]!, runtime));
    }

    private static bool OnDashboardPort(HttpContext context, DashboardRuntimeInfo info) =>
        info.HttpPort is not { } port || context.Connection.LocalPort == port;

    private static Task NotFound(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status404NotFound;
        return Task.CompletedTask;
    }

    private static Task ServeConfigAsync(HttpContext context, DashboardOptions options, Func<DashboardRuntimeInfo> runtime, DashboardApi api)
    {
        var info = runtime();
        if (!OnDashboardPort(context, info))
        {
            return NotFound(context);
        }

        // The device id and the alert rules say who is watched and how: only for a logged-in caregiver of this device.
        if (api.SessionOf(context, out _) is not { } session)
        {
            return DashboardApi.WriteErrorAsync(context, StatusCodes.Status401Unauthorized, "not logged in");
        }

        if (DashboardApi.Refusal(session.Principal, info) is { } refusal)
        {
            return DashboardApi.WriteErrorAsync(context, StatusCodes.Status403Forbidden, refusal);
        }

        info.Validate();
        return DashboardApi.WriteJsonAsync(
            context, StatusCodes.Status200OK, DashboardConfig.Create(options, info), DashboardJsonContext.Default.DashboardConfig);
    }

    private static Task ServeAssetAsync(HttpContext context, DashboardAssets assets, string name, Func<DashboardRuntimeInfo> runtime)
    {
        if (!OnDashboardPort(context, runtime()) || !assets.TryGet(name, out var asset))
        {
            return NotFound(context);
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
