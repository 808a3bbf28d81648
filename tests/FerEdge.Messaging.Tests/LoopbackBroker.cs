using System.Net;

namespace FerEdge.Messaging.Tests;

/// <summary>An embedded broker on loopback for the tests: plain text, anonymous clients, ports chosen by the system.</summary>
internal static class LoopbackBroker
{
    /// <summary>The options every test broker starts from; a test adds its own with <c>with</c>.</summary>
    public static EmbeddedBrokerOptions Options { get; } = new()
    {
        AllowPlainText = true,
        AllowAnonymous = true,
        BindAddress = IPAddress.Loopback,
        MqttPort = 0,
        WebSocketPort = 0,
    };

    /// <summary>Starts a broker with <paramref name="options"/> (default <see cref="Options"/>).</summary>
    public static Task<EmbeddedBroker> StartAsync(EmbeddedBrokerOptions? options = null) =>
        EmbeddedBroker.StartAsync(options ?? Options, cancellationToken: TestContext.Current.CancellationToken);
}
