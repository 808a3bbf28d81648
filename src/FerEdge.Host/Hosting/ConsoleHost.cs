using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FerEdge.Host.Hosting;

/// <summary>
/// The generic host the long-running commands (<c>run</c>, <c>dashboard</c>) start from: one line per log entry with
/// its time, the framework's own chatter at Warning and above, no lifetime banners, and the system clock.
/// </summary>
internal static class ConsoleHost
{
    /// <summary>A builder with the shared logging, lifetime and clock; the caller adds its services.</summary>
    public static HostApplicationBuilder CreateBuilder()
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Logging
            .AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "HH:mm:ss.fff ";
            })
            .AddFilter("Microsoft", LogLevel.Warning)

            // A listener that cannot start (a port in use) reaches the user as one line naming the port; the
            // generic host would log the same failure first as a multi-line stack trace.
            .AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.Critical)
            .AddFilter("MQTTnet", LogLevel.Warning)
            .SetMinimumLevel(LogLevel.Information);
        builder.Services.Configure<ConsoleLifetimeOptions>(o => o.SuppressStatusMessages = true);
        builder.Services.AddSingleton(TimeProvider.System);
        return builder;
    }
}
