using System.Net;
using System.Security.Cryptography.X509Certificates;
using FerEdge.Core.Options;
using FerEdge.Core.Security;
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

    /// <summary>
    /// The certificate (with its private key) every listener speaks TLS with: MQTT over TLS on <see cref="MqttPort"/>,
    /// WebSockets over TLS on <see cref="WebSocketPort"/> and HTTPS on <see cref="HttpPort"/>. Required unless
    /// <see cref="AllowPlainText"/>.
    /// </summary>
    public X509Certificate2? Certificate { get; init; }

    /// <summary>
    /// Checks every client's user name and password; with it, <see cref="TopicAccess"/> decides what each user may
    /// publish and read and client ids are bound to users. Required unless <see cref="AllowAnonymous"/>.
    /// </summary>
    public IUserAuthenticator? Authenticator { get; init; }

    /// <summary>Counts failed logins per address; a throttle of the broker's own when null.</summary>
    public LoginThrottle? LoginThrottle { get; init; }

    /// <summary>
    /// An extra plain-text MQTT listener bound to loopback only (for a behaviour engine on the same board); clients
    /// still authenticate. None when null, 0 for a free port.
    /// </summary>
    public int? PlainTextPort { get; init; }

    /// <summary>Serve without TLS when no <see cref="Certificate"/> is given. Off by default; for tests of the broker alone.</summary>
    public bool AllowPlainText { get; init; }

    /// <summary>Accept clients without credentials when no <see cref="Authenticator"/> is given. Off by default; for tests of the broker alone.</summary>
    public bool AllowAnonymous { get; init; }

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

        if (PlainTextPort is { } plain)
        {
            RequirePort(plain, nameof(PlainTextPort));
            if (plain != 0 && (plain == MqttPort || plain == WebSocketPort || plain == HttpPort))
            {
                throw new ArgumentException($"the plain-text port ({plain}) must differ from the MQTT, WebSocket and HTTP ports");
            }
        }

        if (Certificate is null && !AllowPlainText)
        {
            throw new ArgumentException("the broker needs a TLS certificate (Certificate); plain text only where AllowPlainText is set", nameof(Certificate));
        }

        if (Certificate is { HasPrivateKey: false })
        {
            throw new ArgumentException($"the TLS certificate '{Certificate.Subject}' has no private key", nameof(Certificate));
        }

        if (Authenticator is null && !AllowAnonymous)
        {
            throw new ArgumentException("the broker needs an authenticator (Authenticator); anonymous clients only where AllowAnonymous is set", nameof(Authenticator));
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
