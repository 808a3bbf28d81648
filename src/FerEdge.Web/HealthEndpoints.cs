using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace FerEdge.Web;

/// <summary>
/// <c>GET /healthz</c> (200 while the process serves HTTP) and <c>GET /readyz</c> (200 while frames flow, 503 with
/// the reason otherwise), both with a small JSON body, for a supervisor or a load balancer.
/// </summary>
public static class HealthEndpoints
{
    /// <summary>Maps both routes; <paramref name="servedOn"/> limits them to requests that arrive on some ports.</summary>
    /// <param name="app">The application's routes.</param>
    /// <param name="report">The current report; called per request, from any thread.</param>
    /// <param name="servedOn">True for a request on a port the routes belong to (the HTTP port); all when null.</param>
    public static void Map(IEndpointRouteBuilder app, Func<HealthReport> report, Func<HttpContext, bool>? servedOn = null)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(report);
        app.MapGet("/healthz", context => WriteAsync(context, servedOn, 200, w => w.WriteString("status", "up")));
        app.MapGet("/readyz", context =>
        {
            var r = report();
            return WriteAsync(context, servedOn, r.Ready ? 200 : 503, w =>
            {
                w.WriteBoolean("ready", r.Ready);
                w.WriteString("state", r.State);
                if (r.Reason is { } reason)
                {
                    w.WriteString("reason", reason);
                }
                else
                {
                    w.WriteNull("reason");
                }

                w.WriteNumber("frames", r.Frames);
                if (r.LastFrameAgeSeconds is { } age)
                {
                    w.WriteNumber("last_frame_age_s", Math.Round(age, 3));
                }
                else
                {
                    w.WriteNull("last_frame_age_s");
                }
            });
        });
    }

    private static async Task WriteAsync(HttpContext context, Func<HttpContext, bool>? servedOn, int status, Action<Utf8JsonWriter> body)
    {
        if (servedOn is not null && !servedOn(context))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        context.Response.Headers.CacheControl = "no-store";
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }

        await context.Response.Body.WriteAsync(buffer.WrittenMemory, context.RequestAborted).ConfigureAwait(false);
    }
}
