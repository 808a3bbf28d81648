using FerEdge.Core.Security;

namespace FerEdge.Dashboard;

/// <summary>
/// Who may use the dashboard: the users' passwords, the login sessions and the failed-login throttle that
/// <see cref="Dashboard.Map"/> serves <c>/api/login</c>, <c>/api/session</c> and <c>/api/logout</c> with.
/// </summary>
/// <param name="Users">
/// Checks real passwords (the user store). Pass the store itself, not a chain that also accepts session tokens: a
/// login form must not turn one session into another.
/// </param>
/// <param name="Sessions">The sessions; the broker checks the page's MQTT password (a session token) against the same instance.</param>
/// <param name="Throttle">Counts failed logins per client address and locks an address out after repeated failures.</param>
public sealed record DashboardAccess(IUserAuthenticator Users, DashboardSessions Sessions, LoginThrottle Throttle);
