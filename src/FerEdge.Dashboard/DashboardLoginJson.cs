namespace FerEdge.Dashboard;

/// <summary>The body of <c>POST /api/login</c>: <c>{"user":"..","password":".."}</c>.</summary>
internal sealed record DashboardLoginRequest(string? User, string? Password);

/// <summary>
/// A live session as the page sees it (<c>POST /api/login</c>, <c>GET /api/session</c>): the user, the role, when it
/// expires, and the MQTT credentials the page connects to the broker with.
/// </summary>
internal sealed record DashboardSessionInfo(string User, string Role, DateTimeOffset Expires, DashboardMqttLogin Mqtt);

/// <summary>The page's MQTT credentials: the user's name and the session token as the password.</summary>
internal sealed record DashboardMqttLogin(string Username, string Password);

/// <summary>An API error for the page to show: <c>{"error":".."}</c>.</summary>
internal sealed record DashboardError(string Error);
