namespace FerEdge.Dashboard;

/// <summary>
/// A broker account that a logged-in page uses for its MQTT connection, when the broker cannot check the dashboard's
/// session tokens. It reaches the page only inside a live session's answer (over HTTPS), never in a file or a log.
/// </summary>
/// <param name="UserName">The broker user.</param>
/// <param name="Password">Its password.</param>
public sealed record DashboardBrokerLogin(string UserName, string Password)
{
    /// <summary>Never prints the password.</summary>
    public override string ToString() => $"DashboardBrokerLogin {{ UserName = {UserName} }}";
}
