using System.Net;
using System.Security.Cryptography.X509Certificates;
using FerEdge.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;

namespace FerEdge.Dashboard;

/// <summary>
/// The dashboard on a Kestrel of its own, for a host that publishes to an external broker (so no embedded broker
/// serves the page): it serves the page and <c>/api/config</c> on one HTTP port, and the page connects to the
/// broker's WebSocket URL named in <see cref="DashboardRuntimeInfo.WebSocketUri"/>. The broker must offer MQTT over
/// WebSockets (e.g. a mosquitto <c>listener 9001</c> with <c>protocol websockets</c>) and let the tablet subscribe
/// to <c>feredge/{device}/#</c>.
/// <para>
/// Lifetime: created started by <c>StartAsync</c>, stopped by <see cref="DisposeAsync"/>. <see cref="Port"/>
/// is the bound port (the chosen one when 0 was asked for) and is safe to read from any thread.
/// </para>
/// </summary>
public sealed class DashboardServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _disposed;

    private DashboardServer(WebApplication app, IPAddress bindAddress, int port, bool https)
    {
        _app = app;
        BindAddress = bindAddress;
        Port = port;
        IsHttps = https;
    }

    /// <summary>The interface the listener is bound to.</summary>
    public IPAddress BindAddress { get; }

    /// <summary>The bound port.</summary>
    public int Port { get; }

    /// <summary>Whether the port speaks HTTPS (a certificate was given).</summary>
    public bool IsHttps { get; }

    /// <summary>The page's address for a browser on this machine, e.g. <c>https://127.0.0.1:8080/</c>.</summary>
    public Uri LocalUri => new($"{(IsHttps ? "https" : "http")}://{KestrelEndpoints.LocalHost(BindAddress)}:{Port}/");

    /// <summary>Binds the port, starts serving and returns once requests are accepted.</summary>
    /// <param name="port">The port; 0 picks a free one.</param>
    /// <param name="options">Alert rules and windows; validated here.</param>
    /// <param name="runtime">The device and the external broker's WebSocket URL (or port); validated here.</param>
    /// <param name="bindAddress">The interface to bind; all IPv4 interfaces when null.</param>
    /// <param name="loggerFactory">Logging for Kestrel; none when null.</param>
    /// <param name="extraRoutes">Maps more routes (the health endpoints) on the same port; none when null.</param>
    /// <param name="access">Users, sessions and login throttle (see <see cref="Dashboard.Map"/>); nobody can log in when null.</param>
    /// <param name="certificate">
    /// The server certificate (with its private key) to serve HTTPS with; plain HTTP when null. The caller owns it and
    /// keeps it alive until the server is disposed.
    /// </param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <exception cref="ArgumentException">
    /// An option or the runtime info is invalid, the certificate has no private key, or an HTTPS page is given a
    /// <c>ws://</c> broker URL.
    /// </exception>
    /// <exception cref="IOException">The port is taken (the message names it).</exception>
    public static async Task<DashboardServer> StartAsync(
        int port,
        DashboardOptions options,
        DashboardRuntimeInfo runtime,
        IPAddress? bindAddress = null,
        ILoggerFactory? loggerFactory = null,
        Action<IEndpointRouteBuilder>? extraRoutes = null,
        DashboardAccess? access = null,
        X509Certificate2? certificate = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(runtime);
        ArgumentOutOfRangeException.ThrowIfNegative(port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, 65535);
        options.Validate();
        runtime.Validate();
        if (certificate is { HasPrivateKey: false })
        {
            throw new ArgumentException($"the TLS certificate '{certificate.Subject}' has no private key", nameof(certificate));
        }

        if (certificate is not null && runtime.WebSocketUri is { Scheme: "ws" } plain)
        {
            // Browsers refuse a plain WebSocket from an HTTPS page (mixed content): the page would never connect.
            throw new ArgumentException($"an HTTPS dashboard needs a wss:// broker URL, not '{plain}'", nameof(runtime));
        }

        bindAddress ??= IPAddress.Any;

        var builder = KestrelEndpoints.CreateBuilder(loggerFactory);
        ListenOptions? listen = null;
        builder.WebHost.ConfigureKestrel(k => k.Listen(bindAddress, port, l =>
        {
            listen = l;
            if (certificate is not null)
            {
                l.UseHttps(certificate);
            }
        }));
        var app = builder.Build();

        // One port only, so the port filter is off (HttpPort null): every request is the dashboard's.
        var served = runtime with { HttpPort = null };
        Dashboard.Map(app, options, () => served, access);
        extraRoutes?.Invoke(app);
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException ex)
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw new IOException($"dashboard could not bind {bindAddress} port {port}: {ex.Message}", ex);
        }
        catch (OperationCanceledException)
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return new DashboardServer(app, bindAddress, KestrelEndpoints.BoundPort(listen), certificate is not null);
    }

    /// <summary>Stops serving and releases the port. A second call does nothing.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
        {
            await _app.StopAsync(timeout.Token).ConfigureAwait(false);
        }

        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
