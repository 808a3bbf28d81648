using FerEdge.Dashboard;
using FerEdge.Host.Configuration;
using FerEdge.Security;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FerEdge.Host.Hosting;

/// <summary>
/// <c>fer-edge dashboard</c>'s one service: serves the caregiver page's overview of every device on an external
/// broker over HTTPS, with the state directory's users and certificate. A logged-in page connects to the broker's
/// WebSocket URL with the dashboard's own broker account (the user of the broker URI, its password from
/// <c>Mqtt:PasswordFile</c>), which the broker limits to reading the devices and sending them commands.
/// </summary>
public sealed class FleetDashboardService(FerEdgeOptions options, TimeProvider time, ILoggerFactory loggers) : IHostedService, IAsyncDisposable
{
    private readonly ILogger _logger = loggers.CreateLogger("fer-edge");
    private DashboardSecurity? _security;
    private DashboardServer? _server;

    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var broker = options.Run.ExternalBroker!;
        var login = BrokerLogin(broker, options.Run);
        var webSocketUrl = MessagingService.ExternalWebSocketUrl(options.Dashboard, broker, options.Broker.WebSocketPort);
        var security = _security = DashboardSecurity.Open(options.Security, options.Dashboard, time);
        if (security.Certificates.CreatedAuthority)
        {
            HostLog.AuthorityCreated(_logger, Path.Combine(security.StateDirectory, DeviceCertificates.AuthorityCertificateFile));
        }

        if (!security.HasOverviewUser)
        {
            HostLog.NoOverviewUser(_logger, security.Users.FilePath);
        }

        _server = await DashboardServer.StartAsync(
            options.Dashboard.Port,
            options.Dashboard,
            new DashboardRuntimeInfo(null, null, null, WebSocketUri: webSocketUrl, BrokerLogin: login),
            options.Broker.BindAddress,
            loggers,
            access: security.Access,
            certificate: security.Certificates.Server,
            cancellationToken: cancellationToken).ConfigureAwait(false);
        HostLog.FleetDashboard(_logger, _server.Port, webSocketUrl, login.UserName);
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => DisposeAsync().AsTask();

    /// <summary>Stops serving; a second call does nothing.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _server, null) is { } server)
        {
            await server.DisposeAsync().ConfigureAwait(false);
        }

        Interlocked.Exchange(ref _security, null)?.Dispose();
    }

    /// <summary>The broker account of the URI's user, its password from the configured 0600 file.</summary>
    /// <exception cref="UnauthorizedAccessException">The password file is readable by other accounts.</exception>
    internal static DashboardBrokerLogin BrokerLogin(Uri broker, RunOptions run)
    {
        var password = MessagingService.FirstLine(SecureFile.ReadSecretText(run.BrokerPasswordFile!));
        return new DashboardBrokerLogin(Uri.UnescapeDataString(broker.UserInfo), password);
    }
}
