using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using FerEdge.Host.Configuration;
using FerEdge.Security;
using FerEdge.Core.Contract;
using FerEdge.Core.Security;
using FerEdge.Dashboard;
using FerEdge.Host.Health;
using FerEdge.Host.Profiles;
using FerEdge.Messaging;
using FerEdge.Pipeline;
using FerEdge.Web;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FerEdge.Host.Hosting;

/// <summary>
/// The MQTT side of <c>fer-edge run</c>: starts the embedded broker with the dashboard and health endpoints on its
/// web server (or, with an external broker, the dashboard server alone) while the models load, then, once they have
/// loaded, the publisher with the online status.
/// Stops in the reverse order, after the pipeline's service has disposed its sinks, and logs the publisher's summary.
/// </summary>
public sealed class MessagingService(RunContext run, BackgroundLoad<PipelineStages> stages, BackgroundLoad<DeviceSecurity> securityLoading, ServiceHealth health, TimeProvider time, ILoggerFactory loggers) : IHostedService, IAsyncDisposable
{
    private readonly ILogger _logger = loggers.CreateLogger("fer-edge");
    private MqttPublisher? _bridge;
    private EmbeddedBroker? _broker;
    private DashboardServer? _dashboard;
    private MqttPublisher? _publisher;
    private PersonCommands? _commands;

    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var options = run.Options;
        var dashboardOptions = options.Dashboard;
        var startedAt = DateTimeOffset.UtcNow;
        var security = await securityLoading.GetAsync(cancellationToken).ConfigureAwait(false);
        Uri brokerUri;
        StatusPorts ports;
        MqttPublisherOptions publisherOptions;

        // The bridge's credentials are read before anything listens, so a missing or open file stops the start.
        var bridgeOptions = options.Run.Bridge is { } bridgeUri && options.Run.ExternalBroker is null
            ? BridgePublisher(options.Publisher with { BrokerUri = bridgeUri, Link = "bridge" }, options.Run)
            : null;
        if (options.Run.ExternalBroker is not { } external)
        {
            DashboardRuntimeInfo? info = null;
            _broker = await EmbeddedBroker.StartAsync(
                options.Broker with
                {
                    Certificate = security.Certificates.Server,
                    Authenticator = security.Authenticator,
                    LoginThrottle = security.Throttle,
                    ConfigureApp = app =>
                    {
                        Dashboard.Dashboard.Map(app, dashboardOptions, () => info!, security.DashboardAccess);
                        HealthEndpoints.Map(app, health.Evaluate, c => info is { HttpPort: { } port } && c.Connection.LocalPort == port);
                    },
                },
                loggers,
                cancellationToken).ConfigureAwait(false);
            info = new DashboardRuntimeInfo(
                run.DeviceId, _broker.HttpPort, _broker.WebSocketPort, _broker.WebSocketPath, WebSocketUri: dashboardOptions.BrokerWebSocketUrl);

            // A page whose session ends (logout, expiry) loses its broker connection at once, not at its next connect.
            var broker = _broker;
            security.Sessions.Ended += (session, reason) =>
            {
                _ = DisconnectSessionAsync(broker, session.Id);
            };
            brokerUri = _broker.MqttUri;

            // The device logs in to its own broker like any client: its own user, over TLS, trusting the device CA.
            publisherOptions = options.Publisher with
            {
                BrokerUri = brokerUri,
                UserName = run.DeviceId,
                Password = security.DevicePassword,
                CaCertificate = security.BrokerAuthority,
            };
            ports = new StatusPorts(_broker.MqttPort, _broker.WebSocketPort, _broker.HttpPort);
            var httpPort = _broker.HttpPort?.ToString(CultureInfo.InvariantCulture) ?? "off";
            HostLog.BrokerStarted(_logger, _broker.MqttPort, _broker.WebSocketPort, httpPort);
        }
        else
        {
            brokerUri = external;
            var webSocketUrl = ExternalWebSocketUrl(dashboardOptions, external, options.Broker.WebSocketPort);
            if (dashboardOptions.Enabled)
            {
                _dashboard = await DashboardServer.StartAsync(
                    dashboardOptions.Port,
                    dashboardOptions,
                    new DashboardRuntimeInfo(run.DeviceId, null, null, WebSocketUri: webSocketUrl, BrokerLogin: PageLogin(dashboardOptions)),
                    options.Broker.BindAddress,
                    loggers,
                    app => HealthEndpoints.Map(app, health.Evaluate),
                    security.DashboardAccess,
                    security.Certificates.Server,
                    cancellationToken).ConfigureAwait(false);
            }

            publisherOptions = ExternalPublisher(options.Publisher with { BrokerUri = brokerUri }, options.Run);

            ports = new StatusPorts(brokerUri.Port, webSocketUrl.Port, _dashboard?.Port);
            var brokerText = brokerUri.ToString();
            var httpPort = _dashboard?.Port.ToString(CultureInfo.InvariantCulture) ?? "off";
            HostLog.ExternalBroker(_logger, brokerText, httpPort, webSocketUrl);
        }

        // The status names the loaded models: the wait for them ends here, after the listeners have started.
        var loaded = await stages.GetAsync(cancellationToken).ConfigureAwait(false);
        HostLog.LandmarkSnapshot(_logger, loaded.Landmarker.ModelLoad);
        var version = typeof(MessagingService).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0";

        // Commands arrive on the publisher's connection and are run on the handler's own task, never on the frame path.
        var model = loaded.Model;
        var store = new ProfileStore(
            options.Profiles.Resolve(security.StateDirectory),
            ProfileStore.ModelsIdentity(options.Stages.ModelsDirectory),
            model.Baselines(),
            model.PositionInputs(),
            time,
            _logger);
        HostLog.ProfilesAt(_logger, store.Directory);
        var commands = _commands = new PersonCommands(
            store, run.Adaptation, model.InputLength > 0, options.Profiles.NeutralShiftsScores, reply => _publisher?.Enqueue(MqttTopics.Reply, reply), person => _publisher?.SetPerson(person), time, _logger);
        _publisher = new MqttPublisher(
            publisherOptions with { OnCommand = commands.Post },
            StatusPayload.CreateOnline(run.DeviceId, version, model.ModelIds, startedAt, ports, options.Run.DisplayName),
            loggers.CreateLogger<MqttPublisher>());
        if (bridgeOptions is not null && _broker is { } embedded)
        {
            StartBridge(bridgeOptions, embedded, _publisher, StatusPayload.CreateOnline(run.DeviceId, version, loaded.Model.ModelIds, startedAt, ports, options.Run.DisplayName));
        }

        run.Publisher = _publisher;
        commands.Start();
        _publisher.Start();
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => DisposeAsync().AsTask();

    /// <summary>Stops the publisher (logging its summary), the dashboard server and the broker; a second call does nothing.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _commands, null) is { } commands)
        {
            await commands.DisposeAsync().ConfigureAwait(false);
        }

        if (Interlocked.Exchange(ref _publisher, null) is { } publisher)
        {
            await publisher.DisposeAsync().ConfigureAwait(false);
            var m = publisher.GetCounters();
            HostLog.MqttSummary(_logger, m.Enqueued, m.Published, m.Dropped, m.DroppedOutboxFull, m.DroppedRateLimited, m.DroppedSendFailed, m.DroppedShutdown, m.OutboxCount, m.Connects);
        }

        // After the device's own publisher, whose last messages (and offline status) it may still be forwarding.
        if (Interlocked.Exchange(ref _bridge, null) is { } bridge)
        {
            await bridge.DisposeAsync().ConfigureAwait(false);
            var b = bridge.GetCounters();
            HostLog.BridgeSummary(_logger, b.Enqueued, b.Published, b.Dropped, b.DroppedOutboxFull, b.DroppedRateLimited, b.DroppedSendFailed, b.DroppedShutdown, b.OutboxCount, b.Connects, b.ConnectFailures, bridge.CommandsRelayed);
        }

        if (Interlocked.Exchange(ref _dashboard, null) is { } dashboard)
        {
            await dashboard.DisposeAsync().ConfigureAwait(false);
        }

        if (Interlocked.Exchange(ref _broker, null) is { } broker)
        {
            await broker.DisposeAsync().ConfigureAwait(false);
        }

    }

    /// <summary>Who a command relayed from the bridge is sent as on the embedded broker: a caregiver of this device only.</summary>
    internal static Principal BridgeSender(string deviceId) => new("bridge", Role.Caregiver, [deviceId]);

    // A second publisher of the same device to the home's broker: the device's publisher hands it a copy of every
    // message, it has its own bounded outbox and reconnects by itself, and the commands it receives go to the
    // embedded broker, where the device (and whoever may read them) gets them as from any local client.
    private void StartBridge(MqttPublisherOptions bridgeOptions, EmbeddedBroker broker, MqttPublisher device, StatusPayload online)
    {
        var bridge = _bridge = new MqttPublisher(bridgeOptions, online, loggers.CreateLogger<MqttPublisher>());
        var sender = BridgeSender(run.DeviceId);
        var deviceId = run.DeviceId;
        bridge.RelayCommands(payload => _ = RelayCommandAsync(broker, deviceId, payload, sender));
        device.MirrorTo(bridge);
        var shown = bridgeOptions.BrokerUri.GetComponents(UriComponents.AbsoluteUri & ~UriComponents.UserInfo, UriFormat.UriEscaped);
        HostLog.BridgeStarted(_logger, shown);
        run.Bridge = bridge;
        bridge.Start();
    }

    private async Task RelayCommandAsync(EmbeddedBroker broker, string deviceId, ReadOnlyMemory<byte> payload, Principal sender)
    {
        try
        {
            await broker.InjectCommandAsync(deviceId, payload, sender).ConfigureAwait(false);
        }
        catch (Exception e) when (e is ObjectDisposedException or InvalidOperationException or OperationCanceledException or ArgumentException)
        {
            HostLog.BridgeCommandFailed(_logger, e.Message);
        }
    }

    private static async Task DisconnectSessionAsync(EmbeddedBroker broker, string sessionId)
    {
        try
        {
            await broker.DisconnectAsync(p => p.SessionId == sessionId).ConfigureAwait(false);
        }
        catch (Exception e) when (e is ObjectDisposedException or InvalidOperationException or OperationCanceledException)
        {
            // The broker is stopping: every connection closes anyway.
        }
    }

    /// <summary>
    /// Where tablets reach an external broker's MQTT over WebSockets: <c>Dashboard:BrokerWebSocketUrl</c>, else the
    /// broker's host at the WebSocket port (the contract's 9001 when the port is 0, which only the embedded broker can
    /// choose), over <c>wss://</c> since the page itself is served over HTTPS.
    /// </summary>
    internal static Uri ExternalWebSocketUrl(DashboardOptions dashboard, Uri broker, int webSocketPort) =>
        dashboard.BrokerWebSocketUrl
        ?? new UriBuilder("wss", broker.Host, webSocketPort > 0 ? webSocketPort : DefaultWebSocketPort, "/mqtt").Uri;

    /// <summary>The broker account the device's page connects to an external broker with, when one is configured.</summary>
    /// <exception cref="UnauthorizedAccessException">The password file is readable by other accounts.</exception>
    private DashboardBrokerLogin? PageLogin(DashboardOptions dashboard)
    {
        if (dashboard.BrokerUser is not { } user)
        {
            HostLog.PageLoginsByToken(_logger);
            return null;
        }

        return new DashboardBrokerLogin(user, FirstLine(SecureFile.ReadSecretText(dashboard.BrokerPasswordFile!)));
    }

    /// <summary>The contract's port of MQTT over WebSockets.</summary>
    internal const int DefaultWebSocketPort = 9001;

    /// <summary>The external broker's credentials and certificates, read from the configured files.</summary>
    /// <exception cref="InvalidDataException">A certificate or key file holds no usable PEM (the message names it).</exception>
    internal static MqttPublisherOptions ExternalPublisher(MqttPublisherOptions options, RunOptions run) =>
        BrokerFiles(options, run.BrokerPasswordFile, run.BrokerCaFile, run.BrokerClientCertificateFile, run.BrokerClientKeyFile);

    /// <summary>The bridge's broker with its own credentials and certificates (the <c>Mqtt:Bridge*</c> files).</summary>
    /// <exception cref="InvalidDataException">A certificate or key file holds no usable PEM (the message names it).</exception>
    internal static MqttPublisherOptions BridgePublisher(MqttPublisherOptions options, RunOptions run) =>
        BrokerFiles(options, run.BridgePasswordFile, run.BridgeCaFile, run.BridgeClientCertificateFile, run.BridgeClientKeyFile);

    private static MqttPublisherOptions BrokerFiles(MqttPublisherOptions options, string? passwordFile, string? caFile, string? certificateFile, string? keyFile)
    {
        var password = passwordFile is not null ? FirstLine(SecureFile.ReadSecretText(passwordFile)) : null;
        return options with
        {
            Password = password,
            CaCertificate = caFile is { } ca ? LoadPem(ca, () => X509Certificate2.CreateFromPem(File.ReadAllText(ca))) : null,
            ClientCertificate = certificateFile is { } cert
                ? LoadPem(cert, () =>
                {
                    // The key must be this account's alone, as every secret file.
                    _ = SecureFile.ReadSecretBytes(keyFile!);
                    return X509Certificate2.CreateFromPemFile(cert, keyFile);
                })
                : null,
        };
    }

    internal static string FirstLine(string text)
    {
        var end = text.IndexOfAny(['\r', '\n']);
        return end < 0 ? text : text[..end];
    }

    private static X509Certificate2 LoadPem(string path, Func<X509Certificate2> load)
    {
        try
        {
            return load();
        }
        catch (CryptographicException e)
        {
            throw new InvalidDataException($"{path}: not a usable PEM certificate (and key): {e.Message}", e);
        }
    }
}
