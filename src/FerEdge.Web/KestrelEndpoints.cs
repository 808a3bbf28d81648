using System.Net.Sockets;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace FerEdge.Web;

/// <summary>
/// The Kestrel start-up FerEdge's web listeners share (the embedded broker and the stand-alone dashboard): a slim web
/// application that logs only through the host's logger factory, ports read back after binding (so 0 picks a free
/// one), and the address a client on this machine uses for a bound interface.
/// </summary>
public static class KestrelEndpoints
{
    /// <summary>A slim web application builder with no logging providers of its own: it logs to <paramref name="loggerFactory"/> (nowhere when null).</summary>
    public static WebApplicationBuilder CreateBuilder(ILoggerFactory? loggerFactory)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = [],
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Logging.ClearProviders();
        builder.Services.Replace(ServiceDescriptor.Singleton(loggerFactory ?? NullLoggerFactory.Instance));
        return builder;
    }

    /// <summary>
    /// The port Kestrel bound for <paramref name="listen"/>. Kestrel calls its configure callbacks at once and updates
    /// each <see cref="ListenOptions"/> with the bound end point when the application starts.
    /// </summary>
    /// <exception cref="InvalidOperationException">The listener was never configured or not bound.</exception>
    public static int BoundPort(ListenOptions? listen) =>
        (listen?.IPEndPoint ?? throw new InvalidOperationException("Kestrel did not report a bound end point")).Port;

    /// <summary>
    /// The host name a client on this machine uses for a listener bound to <paramref name="bindAddress"/>: loopback
    /// for the any-addresses, brackets around IPv6.
    /// </summary>
    public static string LocalHost(IPAddress bindAddress)
    {
        ArgumentNullException.ThrowIfNull(bindAddress);
        return bindAddress.Equals(IPAddress.Any) ? "127.0.0.1"
            : bindAddress.Equals(IPAddress.IPv6Any) ? "[::1]"
            : bindAddress.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{bindAddress}]"
            : bindAddress.ToString();
    }
}
