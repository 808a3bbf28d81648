using System.Net;
using System.Security.Cryptography.X509Certificates;
using FerEdge.Core.Contract;
using FerEdge.Core.Security;
using MQTTnet;
using FerEdge.Web;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Connections;
using MQTTnet.AspNetCore;
using MQTTnet.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace FerEdge.Messaging;

/// <summary>
/// An in-process MQTT broker (MQTTnet) served by Kestrel: MQTT over TCP on one port and MQTT over WebSockets
/// (path <c>/mqtt</c>, subprotocol <c>mqtt</c>) on another, plus an optional HTTP port and extra routes for a
/// dashboard. Retained messages live in memory and die with the broker. Both MQTT 3.1.1 and 5 clients are served.
/// <para>
/// Lifetime: created started by <see cref="StartAsync"/>, stopped by <see cref="DisposeAsync"/>, which disconnects
/// every client. The port properties are the bound ports (the chosen ones when 0 was asked for) and are safe to read
/// from any thread.
/// </para>
/// </summary>
public sealed class EmbeddedBroker : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly MqttServer _server;
    private readonly TimeSpan _shutdownTimeout;
    private int _disposed;

    private readonly BrokerAccessControl? _access;

    private EmbeddedBroker(
        WebApplication app, MqttServer server, EmbeddedBrokerOptions options, BrokerGuardCounters guards, BrokerAccessControl? access, int mqttPort, int wsPort, int? httpPort, int? plainTextPort)
    {
        _access = access;
        IsTls = options.Certificate is not null;
        PlainTextPort = plainTextPort;
        _app = app;
        _server = server;
        Guards = guards;
        _shutdownTimeout = options.ShutdownTimeout;
        BindAddress = options.BindAddress;
        WebSocketPath = options.WebSocketPath;
        MqttPort = mqttPort;
        WebSocketPort = wsPort;
        HttpPort = httpPort;
    }

    /// <summary>The interface the listeners are bound to.</summary>
    public IPAddress BindAddress { get; }

    /// <summary>The bound MQTT-over-TCP port.</summary>
    public int MqttPort { get; }

    /// <summary>The bound MQTT-over-WebSockets port.</summary>
    public int WebSocketPort { get; }

    /// <summary>The WebSocket endpoint's path.</summary>
    public string WebSocketPath { get; }

    /// <summary>The bound extra HTTP port, or null when none was asked for.</summary>
    public int? HttpPort { get; }

    /// <summary>The bound plain-text loopback MQTT port, or null when none was asked for.</summary>
    public int? PlainTextPort { get; }

    /// <summary>Whether the MQTT, WebSocket and HTTP listeners speak TLS.</summary>
    public bool IsTls { get; }

    /// <summary>The broker's TCP address for a client on this machine, e.g. <c>mqtts://127.0.0.1:1883</c>.</summary>
    public Uri MqttUri => new($"{(IsTls ? "mqtts" : "mqtt")}://{KestrelEndpoints.LocalHost(BindAddress)}:{MqttPort}");

    /// <summary>The broker's WebSocket address for a client on this machine, e.g. <c>wss://127.0.0.1:9001/mqtt</c>.</summary>
    public Uri WebSocketUri => new($"{(IsTls ? "wss" : "ws")}://{KestrelEndpoints.LocalHost(BindAddress)}:{WebSocketPort}{WebSocketPath}");

    /// <summary>Open connections and what the guards turned away (connect timeouts, oversize packets, limits).</summary>
    public BrokerGuardCounters Guards { get; }

    /// <summary>The MQTTnet server, for in-process inspection (retained messages, clients). Owned by the broker.</summary>
    public MqttServer Server => _server;

    /// <summary>Binds the listeners, starts the broker and returns once it accepts clients.</summary>
    /// <param name="options">Ports and hooks; validated here.</param>
    /// <param name="loggerFactory">Logging for the broker and Kestrel; none when null.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    /// <exception cref="IOException">A port is taken (the message names it).</exception>
    public static async Task<EmbeddedBroker> StartAsync(
        EmbeddedBrokerOptions options, ILoggerFactory? loggerFactory = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        loggerFactory ??= NullLoggerFactory.Instance;

        var logger = loggerFactory.CreateLogger<EmbeddedBroker>();
        var guards = new BrokerGuardCounters();
        var handler = new GuardedConnectionHandler(options, guards, logger);
        var builder = KestrelEndpoints.CreateBuilder(loggerFactory);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = options.ShutdownTimeout);

        // Kestrel calls these configure callbacks at once, and updates each ListenOptions with the bound end point,
        // which is how the ports chosen for 0 are read back.
        ListenOptions? mqttListen = null, wsListen = null, httpListen = null, plainListen = null;
        var certificate = options.Certificate;
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Listen(options.BindAddress, options.MqttPort, l =>
            {
                mqttListen = l;
                UseTls(l, certificate);
                l.UseConnectionHandler<GuardedConnectionHandler>();
            });
            k.Listen(options.BindAddress, options.WebSocketPort, l =>
            {
                wsListen = l;
                UseTls(l, certificate);
            });
            if (options.HttpPort is { } http)
            {
                k.Listen(options.BindAddress, http, l =>
                {
                    httpListen = l;
                    UseTls(l, certificate);
                });
            }

            if (options.PlainTextPort is { } plain)
            {
                // Plain text never leaves the board: loopback only, whatever BindAddress says.
                k.Listen(IPAddress.Loopback, plain, l =>
                {
                    plainListen = l;
                    l.UseConnectionHandler<GuardedConnectionHandler>();
                });
            }
        });

        // Both MQTT listeners are Kestrel's, through the guarded handler (not MQTTnet.AspNetCore's MqttConnectionHandler,
        // whose pipe adapter spins on a connection closed inside a packet), so MQTTnet's own socket endpoint stays off.
        builder.Services.AddSingleton(handler);
        builder.Services.AddSingleton<IMqttServerAdapter>(handler);
        builder.Services.AddHostedMqttServer(o => o
            .WithoutDefaultEndpoint());
        builder.Services.AddConnections();
        options.ConfigureServices?.Invoke(builder.Services);

        var app = builder.Build();
        var server = app.Services.GetRequiredService<MqttServer>();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        server.StartedAsync += _ =>
        {
            started.TrySetResult();
            return Task.CompletedTask;
        };
        BrokerAccessControl? access = null;
        if (options.Authenticator is { } authenticator)
        {
            // First, so nothing else sees a publish the access rules refuse.
            access = new BrokerAccessControl(authenticator, options.LoginThrottle ?? new LoginThrottle(), guards, logger);
            access.Attach(server);
        }
        else
        {
            // An MQTT 5 client may connect with an empty id and expects the broker to assign one. (MQTTnet offers no
            // assignment for 3.1.1: such clients, e.g. mosquitto_sub without -i, are refused with "identifier rejected".)
            server.ValidatingConnectionAsync += e =>
            {
                if (string.IsNullOrEmpty(e.ClientId))
                {
                    e.AssignedClientIdentifier = "anonymous-" + Guid.NewGuid().ToString("N");
                }

                return Task.CompletedTask;
            };
        }

        new RetainedMessageGuard(options, guards, logger).Attach(server);
        server.ClientConnectedAsync += e =>
        {
            MessagingLog.BrokerClient(logger, e.ClientId, "connected");
            return Task.CompletedTask;
        };
        server.ClientDisconnectedAsync += e =>
        {
            MessagingLog.BrokerClient(logger, e.ClientId, "disconnected: " + e.DisconnectType);
            return Task.CompletedTask;
        };

        app.UseWebSockets();
        app.MapConnectionHandler<GuardedConnectionHandler>(options.WebSocketPath, o =>
        {
            // WebSockets only: the long-polling and server-sent-event transports have no place in MQTT.
            o.Transports = HttpTransportType.WebSockets;
            o.WebSockets.SubProtocolSelector = MqttSubProtocolSelector.SelectSubProtocol;
        });
        options.ConfigureApp?.Invoke(app);

        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);

            // MQTTnet's hosted server starts itself on ApplicationStarted without being awaited: wait for it so
            // the first client is not turned away.
            await started.Task.WaitAsync(TimeSpan.FromSeconds(10), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or TimeoutException or OperationCanceledException)
        {
            await app.DisposeAsync().ConfigureAwait(false);
            if (ex is IOException)
            {
                throw new IOException(
                    $"embedded MQTT broker could not bind {options.BindAddress} (MQTT port {options.MqttPort}, WebSocket port " +
                    $"{options.WebSocketPort}, HTTP port {options.HttpPort?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}): {ex.Message}",
                    ex);
            }

            throw;
        }

        var broker = new EmbeddedBroker(
            app,
            server,
            options,
            guards,
            access,
            KestrelEndpoints.BoundPort(mqttListen),
            KestrelEndpoints.BoundPort(wsListen),
            httpListen is null ? null : KestrelEndpoints.BoundPort(httpListen),
            plainListen is null ? null : KestrelEndpoints.BoundPort(plainListen));
        MessagingLog.BrokerStarted(
            logger,
            options.BindAddress.ToString(),
            broker.MqttPort,
            broker.WebSocketPort,
            broker.WebSocketPath,
            (broker.IsTls ? "TLS" : "no TLS") + (options.Authenticator is null ? ", anonymous clients allowed" : ", credentials required"));
        if (broker.PlainTextPort is { } plainPort)
        {
            MessagingLog.PlainTextListener(logger, plainPort);
        }

        return broker;
    }

    /// <summary>
    /// Disconnects every client logged in as a user that <paramref name="match"/> selects (for example the page of a
    /// dashboard session that has ended) and returns how many were connected. None without an authenticator.
    /// </summary>
    public async Task<int> DisconnectAsync(Func<Principal, bool> match)
    {
        ArgumentNullException.ThrowIfNull(match);
        if (_access is null)
        {
            return 0;
        }

        var ids = _access.ClientsOf(match).ToHashSet(StringComparer.Ordinal);
        if (ids.Count == 0)
        {
            return 0;
        }

        var count = 0;
        foreach (var client in await _server.GetClientsAsync().ConfigureAwait(false))
        {
            if (ids.Contains(client.Id))
            {
                await client.DisconnectAsync(new MqttServerClientDisconnectOptions { ReasonCode = MQTTnet.Protocol.MqttDisconnectReasonCode.NotAuthorized, ReasonString = "the login session has ended" }).ConfigureAwait(false);
                count++;
            }
        }

        return count;
    }

    /// <summary>
    /// Delivers <paramref name="payload"/> on <c>feredge/{deviceId}/command</c> to this broker's subscribers as if
    /// <paramref name="sender"/> had published it (QoS 1), through the same access rules as any client's publish: a
    /// command that arrived on a bridged broker reaches the device and whoever else may read it here.
    /// </summary>
    /// <param name="deviceId">The device the command is for.</param>
    /// <param name="payload">The command as received.</param>
    /// <param name="sender">Who sends it here; with an authenticator its role decides what it may send.</param>
    /// <param name="cancellationToken">Cancels the hand-over.</param>
    public Task InjectCommandAsync(string deviceId, ReadOnlyMemory<byte> payload, Principal sender, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sender);
        var message = new MqttApplicationMessageBuilder()
            .WithTopic(MqttTopics.Root(deviceId) + TopicAccess.Command)
            .WithPayload(payload.ToArray())
            .WithQualityOfServiceLevel(MQTTnet.Protocol.MqttQualityOfServiceLevel.AtLeastOnce)
            .Build();
        var injected = new InjectedMqttApplicationMessage(message)
        {
            SenderClientId = sender.Name,
            SenderUserName = sender.Name,
            CustomSessionItems = new Dictionary<object, object> { [BrokerAccessControl.PrincipalKey] = sender },
        };
        return _server.InjectApplicationMessage(injected, cancellationToken);
    }

    private static void UseTls(ListenOptions listen, X509Certificate2? certificate)
    {
        if (certificate is not null)
        {
            listen.UseHttps(certificate);
        }
    }

    /// <summary>Stops the broker (disconnecting every client) and releases the ports. A second call does nothing.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        // Stop MQTT first so open WebSocket connections end and Kestrel need not wait for them.
        await _server.StopAsync(new MqttServerStopOptions()).ConfigureAwait(false);
        using (var timeout = new CancellationTokenSource(_shutdownTimeout))
        {
            await _app.StopAsync(timeout.Token).ConfigureAwait(false);
        }

        await _app.DisposeAsync().ConfigureAwait(false);
    }

}
