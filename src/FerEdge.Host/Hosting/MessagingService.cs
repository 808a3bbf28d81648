using System.Globalization;
using System.Reflection;
using FerEdge.Core.Contract;
using FerEdge.Dashboard;
using FerEdge.Host.Cli;
using FerEdge.Host.Health;
using FerEdge.Messaging;
using FerEdge.Pipeline;
using FerEdge.Web;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FerEdge.Host.Hosting;

/// <summary>
/// The MQTT side of <c>fer-edge run</c>: starts the embedded broker with the dashboard and health endpoints on its
/// web server (or, with an external broker, the dashboard server alone), then the publisher with the online status.
/// Stops in the reverse order, after the pipeline's service has disposed its sinks, and logs the publisher's summary.
/// </summary>
public sealed class MessagingService(RunContext run, PipelineStages stages, ServiceHealth health, ILoggerFactory loggers) : IHostedService, IAsyncDisposable
{
    private readonly ILogger _logger = loggers.CreateLogger("fer-edge");
    private EmbeddedBroker? _broker;
    private DashboardServer? _dashboard;
    private MqttPublisher? _publisher;

    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var options = run.Options;
        var dashboardOptions = options.Dashboard;
        var startedAt = DateTimeOffset.UtcNow;
        Uri brokerUri;
        StatusPorts ports;
        if (options.Run.ExternalBroker is not { } external)
        {
            DashboardRuntimeInfo? info = null;
            _broker = await EmbeddedBroker.StartAsync(
                options.Broker with
                {
                    ConfigureApp = app =>
                    {
                        Dashboard.Dashboard.Map(app, dashboardOptions, () => info!);
                        HealthEndpoints.Map(app, health.Evaluate, c => info is { HttpPort: { } port } && c.Connection.LocalPort == port);
                    },
                },
                loggers,
                cancellationToken).ConfigureAwait(false);
            info = new DashboardRuntimeInfo(run.DeviceId, _broker.HttpPort, _broker.WebSocketPort, _broker.WebSocketPath);
            brokerUri = _broker.MqttUri;
            ports = new StatusPorts(_broker.MqttPort, _broker.WebSocketPort, _broker.HttpPort);
            var httpPort = _broker.HttpPort?.ToString(CultureInfo.InvariantCulture) ?? "off";
            HostLog.BrokerStarted(_logger, _broker.MqttPort, _broker.WebSocketPort, httpPort);
        }
        else
        {
            brokerUri = external;
            if (dashboardOptions.Enabled && options.Broker.WebSocketPort == 0)
            {
                // The page connects to the external broker's WebSocket port, which cannot be chosen for it.
                throw new CommandLineException("run: with an external broker the dashboard needs its WebSocket port: set --ws-port (Mqtt:WebSocketPort) to 1..65535, or Dashboard:Enabled to false");
            }

            if (dashboardOptions.Enabled)
            {
                _dashboard = await DashboardServer.StartAsync(
                    dashboardOptions.Port,
                    dashboardOptions,
                    new DashboardRuntimeInfo(run.DeviceId, null, options.Broker.WebSocketPort),
                    options.Broker.BindAddress,
                    loggers,
                    app => HealthEndpoints.Map(app, health.Evaluate),
                    cancellationToken).ConfigureAwait(false);
            }

            ports = new StatusPorts(brokerUri.Port, options.Broker.WebSocketPort, _dashboard?.Port);
            var brokerText = brokerUri.ToString();
            var httpPort = _dashboard?.Port.ToString(CultureInfo.InvariantCulture) ?? "off";
            HostLog.ExternalBroker(_logger, brokerText, httpPort);
        }

        var version = typeof(MessagingService).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0";
        _publisher = new MqttPublisher(
            options.Publisher with { BrokerUri = brokerUri },
            StatusPayload.CreateOnline(run.DeviceId, version, stages.Model.ModelIds, startedAt, ports),
            loggers.CreateLogger<MqttPublisher>());
        run.Publisher = _publisher;
        _publisher.Start();
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => DisposeAsync().AsTask();

    /// <summary>Stops the publisher (logging its summary), the dashboard server and the broker; a second call does nothing.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _publisher, null) is { } publisher)
        {
            await publisher.DisposeAsync().ConfigureAwait(false);
            var m = publisher.GetCounters();
            HostLog.MqttSummary(_logger, m.Enqueued, m.Published, m.Dropped, m.DroppedOutboxFull, m.DroppedRateLimited, m.DroppedSendFailed, m.DroppedShutdown, m.OutboxCount, m.Connects);
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
}
