using FerEdge.Core.Contract;

namespace FerEdge.Dashboard;

/// <summary>
/// What the page needs to know at run time and the host only knows after its listeners are bound: the device (or the
/// whole fleet), where the MQTT-over-WebSockets endpoint is, and the HTTP port the dashboard is served on.
/// </summary>
/// <param name="DeviceId">
/// The device whose topics (<c>feredge/{DeviceId}/#</c>) the page subscribes to; null for the fleet's overview, which
/// subscribes to every device's status, emotion and explanation (<c>feredge/+/...</c>).
/// </param>
/// <param name="HttpPort">
/// The local port the dashboard is served on; requests that arrive on the broker's other ports get 404. Null serves
/// the dashboard on every port of the web application.
/// </param>
/// <param name="WebSocketPort">
/// The broker's WebSocket port on the machine that served the page: the page connects to
/// <c>ws://{page host}:{WebSocketPort}{WebSocketPath}</c>. Ignored when <paramref name="WebSocketUri"/> is set.
/// </param>
/// <param name="WebSocketPath">The broker's WebSocket path.</param>
/// <param name="WebSocketUri">
/// An external broker's full WebSocket URL (<c>ws://</c> or <c>wss://</c>). When its host is a loopback name or
/// address the page puts its own host in its place, so a broker on the robot is reached from the tablet.
/// </param>
/// <param name="BrokerLogin">
/// The broker account a logged-in page connects with, for a broker that cannot check the dashboard's session tokens
/// (an external one); null: the page logs in with its user name and session token (the embedded broker).
/// </param>
public sealed record DashboardRuntimeInfo(
    string? DeviceId, int? HttpPort, int? WebSocketPort, string WebSocketPath = "/mqtt", Uri? WebSocketUri = null, DashboardBrokerLogin? BrokerLogin = null)
{
    /// <summary>Whether the page shows the overview of every device on the broker rather than one device.</summary>
    public bool IsFleet => DeviceId is null;

    /// <summary>Throws when the info cannot tell the page where to connect, naming the problem.</summary>
    /// <exception cref="ArgumentException">The device id is not one topic level, or no usable WebSocket endpoint is given.</exception>
    public void Validate()
    {
        if (DeviceId is not null)
        {
            MqttTopics.ValidateDeviceId(DeviceId);
        }
        if (WebSocketUri is { } uri)
        {
            if (!uri.IsAbsoluteUri || uri.Scheme is not ("ws" or "wss"))
            {
                throw new ArgumentException($"broker WebSocket URL '{uri}' must be absolute ws:// or wss://", nameof(WebSocketUri));
            }
        }
        else if (WebSocketPort is not (> 0 and <= 65535))
        {
            throw new ArgumentException(
                $"the dashboard needs the broker's WebSocket port (1..65535, not {WebSocketPort?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}) or a WebSocket URL",
                nameof(WebSocketPort));
        }

        if (string.IsNullOrEmpty(WebSocketPath) || WebSocketPath[0] != '/')
        {
            throw new ArgumentException($"WebSocket path '{WebSocketPath}' must start with '/'", nameof(WebSocketPath));
        }
    }
}
