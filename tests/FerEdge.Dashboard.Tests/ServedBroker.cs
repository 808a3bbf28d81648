using System.Net;
using FerEdge.Messaging;

namespace FerEdge.Dashboard.Tests;

/// <summary>An embedded broker on loopback (ports 0) serving the dashboard on its HTTP port, as the host wires it.</summary>
internal sealed class ServedBroker : IAsyncDisposable
{
    private ServedBroker(EmbeddedBroker broker)
    {
        Broker = broker;
    }

    public EmbeddedBroker Broker { get; }

    public Uri Url(string path) => new($"http://127.0.0.1:{Broker.HttpPort}/{path}");

    public static async Task<ServedBroker> StartAsync(DashboardOptions options, string deviceId = "robot-http")
    {
        DashboardRuntimeInfo? runtime = null;
        var broker = await EmbeddedBroker.StartAsync(new EmbeddedBrokerOptions
        {
            AllowPlainText = true,
            AllowAnonymous = true,
            BindAddress = IPAddress.Loopback,
            MqttPort = 0,
            WebSocketPort = 0,
            HttpPort = 0,
            ConfigureApp = app => Dashboard.Map(app, options, () => runtime ?? throw new InvalidOperationException("broker not started")),
        });
        runtime = new DashboardRuntimeInfo(deviceId, broker.HttpPort, broker.WebSocketPort, broker.WebSocketPath);
        return new ServedBroker(broker);
    }

    public ValueTask DisposeAsync() => Broker.DisposeAsync();
}
