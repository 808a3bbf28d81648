using System.Net;
using FerEdge.Core.Security;
using FerEdge.Messaging;

namespace FerEdge.Dashboard.Tests;

/// <summary>
/// An embedded broker on loopback (ports 0) serving the dashboard on its HTTP port, as the host wires it, with the
/// <see cref="DashboardUsers"/> able to log in.
/// </summary>
internal sealed class ServedBroker : IAsyncDisposable
{
    private ServedBroker(EmbeddedBroker broker, DashboardAccess access)
    {
        Broker = broker;
        Access = access;
    }

    public EmbeddedBroker Broker { get; }

    public DashboardAccess Access { get; }

    public Uri Url(string path) => new($"http://127.0.0.1:{Broker.HttpPort}/{path}");

    public static async Task<ServedBroker> StartAsync(DashboardOptions options, string deviceId = "robot-http")
    {
        DashboardRuntimeInfo? runtime = null;
        var access = new DashboardAccess(DashboardUsers.Create(), new DashboardSessions(options), new LoginThrottle());
        var broker = await EmbeddedBroker.StartAsync(new EmbeddedBrokerOptions
        {
            AllowPlainText = true,
            AllowAnonymous = true,
            BindAddress = IPAddress.Loopback,
            MqttPort = 0,
            WebSocketPort = 0,
            HttpPort = 0,
            ConfigureApp = app => Dashboard.Map(app, options, () => runtime ?? throw new InvalidOperationException("broker not started"), access),
        });
        runtime = new DashboardRuntimeInfo(deviceId, broker.HttpPort, broker.WebSocketPort, broker.WebSocketPath);
        return new ServedBroker(broker, access);
    }

    public async ValueTask DisposeAsync()
    {
        await Broker.DisposeAsync();
        Access.Sessions.Dispose();
    }
}
