using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using FerEdge.Core.Security;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace FerEdge.Dashboard;

/// <summary>
/// The dashboard's login API: <c>POST /api/login</c>, <c>GET /api/session</c>, <c>POST /api/logout</c>, and the
/// session check that guards <c>/api/config</c>. The session token travels in the <see cref="CookieName"/> cookie
/// (HttpOnly, SameSite=Strict, Secure over HTTPS) and, for the page's MQTT login only, in the JSON of a login or
/// session answer. Without a <see cref="DashboardAccess"/> nobody can log in and every guarded request gets 401.
/// </summary>
internal sealed class DashboardApi(DashboardAccess? access, Func<DashboardRuntimeInfo> runtime, ILogger logger)
{
    /// <summary>The session cookie's name.</summary>
    public const string CookieName = "feredge_session";

    // A user name and a password fit many times over; anything longer is not a login.
    private const long MaxLoginBytes = 4096;

    /// <summary>The live session of the request's cookie, or null (then the caller answers 401).</summary>
    public DashboardSession? SessionOf(HttpContext context, out string? token)
    {
        token = context.Request.Cookies[CookieName];
        return access is not null && access.Sessions.TryGet(token, out var session) ? session : null;
    }

    /// <summary><c>POST /api/login</c>.</summary>
    public async Task LoginAsync(HttpContext context)
    {
        // JSON only: a cross-site HTML form can post url-encoded or multipart bodies but not application/json, so this
        // keeps other sites from logging a browser in (a login CSRF) without a token of their own.
        if (!context.Request.HasJsonContentType())
        {
            await WriteErrorAsync(context, StatusCodes.Status415UnsupportedMediaType, "send the login as application/json").ConfigureAwait(false);
            return;
        }

        if (access is null)
        {
            await WriteErrorAsync(context, StatusCodes.Status503ServiceUnavailable, "logins are not set up on this device").ConfigureAwait(false);
            return;
        }

        var address = AddressOf(context);
        var lockedFor = access.Throttle.LockedFor(address);
        if (lockedFor > TimeSpan.Zero)
        {
            DashboardLog.LockedOut(logger, address, lockedFor);
            await WriteLockedOutAsync(context, lockedFor).ConfigureAwait(false);
            return;
        }

        var login = await ReadLoginAsync(context).ConfigureAwait(false);
        if (login is not { User: { Length: > 0 } user, Password: { Length: > 0 } password })
        {
            if (!context.Response.HasStarted && context.Response.StatusCode == StatusCodes.Status200OK)
            {
                await WriteErrorAsync(context, StatusCodes.Status400BadRequest, "send {\"user\":..,\"password\":..}").ConfigureAwait(false);
            }

            return;
        }

        var principal = await access.Users.AuthenticateAsync(user, password, context.RequestAborted).ConfigureAwait(false);
        if (principal is null)
        {
            var lockout = access.Throttle.Failed(address);
            DashboardLog.LoginFailed(logger, user, address, lockout);
            if (lockout > TimeSpan.Zero)
            {
                await WriteLockedOutAsync(context, lockout).ConfigureAwait(false);
            }
            else
            {
                await WriteErrorAsync(context, StatusCodes.Status401Unauthorized, "wrong user name or password").ConfigureAwait(false);
            }

            return;
        }

        access.Throttle.Succeeded(address);
        var role = Roles.Name(principal.Role);
        if (principal.Role is not (Role.Caregiver or Role.Admin))
        {
            DashboardLog.RoleRefused(logger, principal.Name, role, address);
            await WriteErrorAsync(context, StatusCodes.Status403Forbidden, $"a {role} account may not use the dashboard; log in as a caregiver").ConfigureAwait(false);
            return;
        }

        if (Refusal(principal, runtime()) is { } refusal)
        {
            DashboardLog.RoleRefused(logger, principal.Name, role, address);
            await WriteErrorAsync(context, StatusCodes.Status403Forbidden, refusal).ConfigureAwait(false);
            return;
        }

        var (token, session) = access.Sessions.Start(principal);
        DashboardLog.LoggedIn(logger, principal.Name, role, address, session.Id[..12], session.Expires);
        context.Response.Cookies.Append(CookieName, token, CookieOptionsFor(context, access.Sessions.TimeLeft(session)));
        await WriteSessionAsync(context, session, token).ConfigureAwait(false);
    }

    /// <summary><c>GET /api/session</c>: the live session of the cookie, or 401.</summary>
    public Task SessionAsync(HttpContext context)
    {
        var session = SessionOf(context, out var token);
        return session is null
            ? WriteErrorAsync(context, StatusCodes.Status401Unauthorized, "not logged in")
            : WriteSessionAsync(context, session, token!);
    }

    /// <summary><c>POST /api/logout</c>: ends the cookie's session (if any) and expires the cookie.</summary>
    public Task LogoutAsync(HttpContext context)
    {
        if (SessionOf(context, out var token) is { } session && access!.Sessions.End(token))
        {
            DashboardLog.LoggedOut(logger, session.Principal.Name, session.Id[..12]);
        }

        context.Response.Cookies.Delete(CookieName, CookieOptionsFor(context, null));
        context.Response.Headers.CacheControl = "no-store";
        context.Response.StatusCode = StatusCodes.Status204NoContent;
        return Task.CompletedTask;
    }

    /// <summary>
    /// Why <paramref name="principal"/> may not see what the page shows, or null when it may: one device's page needs
    /// that device; the fleet's overview shows every device on the broker, so it needs an account granted all of them.
    /// </summary>
    public static string? Refusal(Principal principal, DashboardRuntimeInfo info) => info.DeviceId switch
    {
        { } device when !principal.Reaches(device) => "this account may not see this robot",
        null when !principal.Devices.Contains(Principal.AllDevices) => "the overview shows every robot; this account may not see all of them",
        _ => null,
    };

    /// <summary>Writes <c>{"error":..}</c> with <paramref name="status"/>.</summary>
    public static Task WriteErrorAsync(HttpContext context, int status, string error) =>
        WriteJsonAsync(context, status, new DashboardError(error), DashboardJsonContext.Default.DashboardError);

    /// <summary>Writes JSON that must not be cached.</summary>
    public static Task WriteJsonAsync<T>(HttpContext context, int status, T value, JsonTypeInfo<T> type)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(value, type);
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        context.Response.Headers.CacheControl = "no-store";
        context.Response.ContentLength = json.Length;
        return context.Response.Body.WriteAsync(json, context.RequestAborted).AsTask();
    }

    private static CookieOptions CookieOptionsFor(HttpContext context, TimeSpan? maxAge) => new()
    {
        HttpOnly = true,
        Secure = context.Request.IsHttps,
        SameSite = SameSiteMode.Strict,
        Path = "/",
        MaxAge = maxAge,
        IsEssential = true,
    };

    private static string AddressOf(HttpContext context)
    {
        var address = context.Connection.RemoteIpAddress;
        if (address is null)
        {
            return "unknown";
        }

        return (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString();
    }

    private static async Task<DashboardLoginRequest?> ReadLoginAsync(HttpContext context)
    {
        if (context.Request.ContentLength is > MaxLoginBytes)
        {
            await WriteErrorAsync(context, StatusCodes.Status413PayloadTooLarge, "the login is too long").ConfigureAwait(false);
            return null;
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxLoginBytes;
        }

        try
        {
            return await JsonSerializer.DeserializeAsync(
                context.Request.Body, DashboardJsonContext.Default.DashboardLoginRequest, context.RequestAborted).ConfigureAwait(false);
        }
        catch (JsonException)
        {
            return null;
        }
        catch (BadHttpRequestException ex)
        {
            await WriteErrorAsync(context, ex.StatusCode, "the login could not be read").ConfigureAwait(false);
            return null;
        }
    }

    private static Task WriteLockedOutAsync(HttpContext context, TimeSpan lockout)
    {
        var seconds = (long)Math.Ceiling(lockout.TotalSeconds);
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return WriteErrorAsync(
            context,
            StatusCodes.Status429TooManyRequests,
            string.Create(CultureInfo.InvariantCulture, $"too many failed logins; try again in {seconds} s"));
    }

    private Task WriteSessionAsync(HttpContext context, DashboardSession session, string token)
    {
        var principal = session.Principal;

        // A broker that knows the session tokens (the embedded one) gets the user and token; an external broker the
        // dashboard's own account, handed only to a live session.
        var mqtt = runtime().BrokerLogin is { } broker
            ? new DashboardMqttLogin(broker.UserName, broker.Password)
            : new DashboardMqttLogin(principal.Name, token);
        var info = new DashboardSessionInfo(principal.Name, Roles.Name(principal.Role), session.Expires, mqtt);
        return WriteJsonAsync(context, StatusCodes.Status200OK, info, DashboardJsonContext.Default.DashboardSessionInfo);
    }
}
