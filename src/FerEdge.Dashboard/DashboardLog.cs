using Microsoft.Extensions.Logging;

namespace FerEdge.Dashboard;

/// <summary>Source-generated log messages of the dashboard. None carries a password or a session token.</summary>
internal static partial class DashboardLog
{
    [LoggerMessage(1, LogLevel.Information, "dashboard: {User} ({Role}) logged in from {Address}, session {Session} until {Expires:o}")]
    public static partial void LoggedIn(ILogger logger, string user, string role, string address, string session, DateTimeOffset expires);

    [LoggerMessage(2, LogLevel.Warning, "dashboard: failed login for '{User}' from {Address}; locked out for {Lockout}")]
    public static partial void LoginFailed(ILogger logger, string user, string address, TimeSpan lockout);

    [LoggerMessage(3, LogLevel.Warning, "dashboard: login from {Address} refused, locked out for {Lockout}")]
    public static partial void LockedOut(ILogger logger, string address, TimeSpan lockout);

    [LoggerMessage(4, LogLevel.Warning, "dashboard: {User} ({Role}) from {Address} may not use the dashboard")]
    public static partial void RoleRefused(ILogger logger, string user, string role, string address);

    [LoggerMessage(5, LogLevel.Information, "dashboard: {User} logged out, session {Session}")]
    public static partial void LoggedOut(ILogger logger, string user, string session);
}
