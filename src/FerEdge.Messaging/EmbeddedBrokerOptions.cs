using System.Net;
using FerEdge.Core.Options;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace FerEdge.Messaging;

/// <summary>Settings of an <see cref="EmbeddedBroker"/>. Ports may be 0: the system picks a free one.</summary>
public sealed record EmbeddedBrokerOptions
{
    /// <summary>The largest packet MQTT can express: a remaining length of 268,435,455 bytes plus a 5-byte fixed header.</summary>
    public const int MaxMqttPacketBytes = 268_435_455 + 5;

    /// <summary>The interface every listener binds to; all IPv4 interfaces by default (tests use loopback).</summary>
    public IPAddress BindAddress { get; init; } = IPAddress.Any;

    /// <summary>MQTT over TCP; 1883 by default, 0 for a free port.</summary>
    public int MqttPort { get; init; } = 1883;

    /// <summary>MQTT over WebSockets (subprotocol <c>mqtt</c>) at <see cref="WebSocketPath"/>; 9001 by default, 0 for a free port.</summary>
    public int WebSocketPort { get; init; } = 9001;

    /// <summary>The WebSocket endpoint's path.</summary>
    public string WebSocketPath { get; init; } = "/mqtt";

    /// <summary>
    /// An extra HTTP listener (the dashboard's port) served by the same Kestrel and the same routes; none when
    /// null, 0 for a free port.
    /// </summary>
    public int? HttpPort { get; init; }

    /// <summary>Registers services the extra routes need; runs before the web application is built.</summary>
    public Action<IServiceCollection>? ConfigureServices { get; init; }

    /// <summary>Maps extra routes (static files, a dashboard API) on the web application before it starts.</summary>
    public Action<WebApplication>? ConfigureApp { get; init; }

    /// <summary>How long stopping may wait for open connections to close.</summary>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long a new connection may take to deliver its whole CONNECT packet; a half-open or silent connection is
    /// closed after it. 0.1 s to 1 hour; 10 s by default.
    /// </summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The largest MQTT packet (fixed header included) a client may send, in bytes; a larger one closes the
    /// connection before its body is read. 256 KiB by default (FerEdge's own messages are a few KiB).
    /// </summary>
    public int MaxPacketBytes { get; init; } = 256 * 1024;

    /// <summary>Retained topics held at most; a retained publish to a further topic is delivered but not retained.</summary>
    public int MaxRetainedMessages { get; init; } = 1000;

    /// <summary>Payload bytes of all retained messages together at most (same rule as <see cref="MaxRetainedMessages"/>).</summary>
    public long MaxRetainedBytes { get; init; } = 4L * 1024 * 1024;

    /// <summary>Open connections (TCP and WebSocket together) from one IP address at most; further ones are closed at once.</summary>
    public int MaxConnectionsPerAddress { get; init; } = 256;

    /// <summary>Throws when a setting cannot be used, naming it.</summary>
    /// <exception cref="ArgumentException">A port is outside 0..65535, the path does not start with '/', or two fixed ports are equal.</exception>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(BindAddress);
        RequirePort(MqttPort, nameof(MqttPort));
        RequirePort(WebSocketPort, nameof(WebSocketPort));
        if (HttpPort is { } http)
        {
            RequirePort(http, nameof(HttpPort));
        }

        if (string.IsNullOrEmpty(WebSocketPath) || WebSocketPath[0] != '/')
        {
            throw new ArgumentException($"WebSocket path '{WebSocketPath}' must start with '/'", nameof(WebSocketPath));
        }

        if ((MqttPort != 0 && (MqttPort == WebSocketPort || MqttPort == HttpPort)) || (WebSocketPort != 0 && WebSocketPort == HttpPort))
        {
            throw new ArgumentException($"the MQTT ({MqttPort}), WebSocket ({WebSocketPort}) and HTTP ({HttpPort}) ports must differ");
        }

        if (ShutdownTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException($"ShutdownTimeout must be positive, not {ShutdownTimeout}");
        }

        OptionRules.InInterval(ConnectTimeout.TotalSeconds, 0.1, 3600, "[]", nameof(ConnectTimeout));
        OptionRules.InRange(MaxPacketBytes, 128, MaxMqttPacketBytes, nameof(MaxPacketBytes));
        OptionRules.InRange(MaxRetainedMessages, 0, 10_000_000, nameof(MaxRetainedMessages));
        OptionRules.InRange(MaxRetainedBytes, 0, long.MaxValue, nameof(MaxRetainedBytes));
        OptionRules.InRange(MaxConnectionsPerAddress, 1, 100_000, nameof(MaxConnectionsPerAddress));
    }

    private static void RequirePort(int port, string name)
    {
        OptionRules.InRange(port, 0, 65535, name);
    }
}
