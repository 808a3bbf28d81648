using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace FerEdge.Host.Health;

/// <summary>
/// The sd_notify protocol without libsystemd: datagrams such as <c>READY=1</c> or <c>WATCHDOG=1</c> sent to the Unix
/// socket systemd names in <c>NOTIFY_SOCKET</c> (a path, or an abstract name written with a leading <c>@</c>) for a
/// service of <c>Type=notify</c>; <c>WATCHDOG_USEC</c> gives the <c>WatchdogSec=</c> the service must beat within.
/// </summary>
/// <remarks>Thread-safe (one datagram per call). Whoever creates it disposes it.</remarks>
public sealed class SystemdNotifier : IDisposable
{
    private readonly Socket _socket;
    private readonly UnixDomainSocketEndPoint _endPoint;

    /// <summary>A notifier for the socket at <paramref name="socketPath"/>.</summary>
    /// <param name="socketPath">A file-system path, or <c>@name</c> for Linux's abstract namespace.</param>
    /// <param name="watchdogInterval">The watchdog period systemd expects beats within; null when it watches none.</param>
    public SystemdNotifier(string socketPath, TimeSpan? watchdogInterval)
    {
        ArgumentException.ThrowIfNullOrEmpty(socketPath);
        _endPoint = new UnixDomainSocketEndPoint(socketPath[0] == '@' ? "\0" + socketPath[1..] : socketPath);
        _socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        WatchdogInterval = watchdogInterval;
    }

    /// <summary>The watchdog period, or null when systemd watches none.</summary>
    public TimeSpan? WatchdogInterval { get; }

    /// <summary>
    /// The notifier systemd asked for through the environment, or null when the process does not run under a
    /// <c>Type=notify</c> unit. The watchdog applies when <c>WATCHDOG_PID</c> is unset or names this process.
    /// </summary>
    public static SystemdNotifier? FromEnvironment()
    {
        var socket = Environment.GetEnvironmentVariable("NOTIFY_SOCKET");
        if (string.IsNullOrEmpty(socket))
        {
            return null;
        }

        TimeSpan? watchdog = null;
        var pid = Environment.GetEnvironmentVariable("WATCHDOG_PID");
        if (long.TryParse(Environment.GetEnvironmentVariable("WATCHDOG_USEC"), NumberStyles.None, CultureInfo.InvariantCulture, out var usec) && usec > 0
            && (string.IsNullOrEmpty(pid) || pid == Environment.ProcessId.ToString(CultureInfo.InvariantCulture)))
        {
            watchdog = TimeSpan.FromMicroseconds(usec);
        }

        return new SystemdNotifier(socket, watchdog);
    }

    /// <summary>Sends one state datagram (lines <c>KEY=VALUE</c>); false when the socket is not there.</summary>
    public bool Notify(string state)
    {
        ArgumentException.ThrowIfNullOrEmpty(state);
        try
        {
            _socket.SendTo(Encoding.UTF8.GetBytes(state), SocketFlags.None, _endPoint);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <inheritdoc />
    public void Dispose() => _socket.Dispose();
}
