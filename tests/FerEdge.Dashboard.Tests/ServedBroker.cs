using System.Net;
using FerEdge.Core.Security;
using FerEdge.Messaging;
using FerEdge.Testing;

namespace FerEdge.Dashboard.Tests;

/// <summary>
/// An embedded broker on loopback (ports 0) serving the dashboard on its HTTP port, as the host wires it, with the
/// <see cref="DashboardUsers"/> able to log in and the device <see cref="DeviceId"/> a user of its own. Given
/// certificates it is the product's shape: TLS on every port (HTTPS, WSS, MQTTS) and only logged-in clients, a
/// page's session token accepted as its MQTT password. Without, it serves plain text to anonymous clients, for tests
/// of the HTTP side alone.
/// </summary>
internal sealed class ServedBroker : IAsyncDisposable
{
    /// <summary>The device account's password.</summary>
    public const string DevicePassword = "device-password-1";

    private ServedBroker(EmbeddedBroker broker, DashboardAccess access, string deviceId)
    {
        Broker = broker;
        Access = access;
        DeviceId = deviceId;
    }

    public EmbeddedBroker Broker { get; }

    public DashboardAccess Access { get; }

    public string DeviceId { get; }

    public Uri Url(string path) => new($"{(Broker.IsTls ? "https" : "http")}://127.0.0.1:{Broker.HttpPort}/{path}");

    public static async Task<ServedBroker> StartAsync(DashboardOptions options, string deviceId = "robot-http", TestCertificates? tls = null)
    {
        DashboardRuntimeInfo? runtime = null;
        var users = DashboardUsers.Create().With(deviceId, Role.Device, DevicePassword);
        var access = new DashboardAccess(users, new DashboardSessions(options), new LoginThrottle());
        var broker = await EmbeddedBroker.StartAsync(new EmbeddedBrokerOptions
        {
            Certificate = tls?.Server,
            Authenticator = tls is null ? null : new AuthenticatorChain(access.Sessions, users),
            AllowPlainText = tls is null,
            AllowAnonymous = tls is null,
            BindAddress = IPAddress.Loopback,
            MqttPort = 0,
            WebSocketPort = 0,
            HttpPort = 0,
            ConfigureApp = app => Dashboard.Map(app, options, () => runtime ?? throw new InvalidOperationException("broker not started"), access),
        });
        runtime = new DashboardRuntimeInfo(deviceId, broker.HttpPort, broker.WebSocketPort, broker.WebSocketPath);
        return new ServedBroker(broker, access, deviceId);
    }

    public async ValueTask DisposeAsync()
    {
        await Broker.DisposeAsync();
        Access.Sessions.Dispose();
    }
}
