using System.Net;
using System.Net.Sockets;

namespace FerEdge.Testing;

/// <summary>
/// Free loopback TCP ports for external processes, and whether a process listens on one yet. Ports are taken below
/// the kernel's ephemeral range: a client that keeps dialling a port while its listener is down (a camera stream or a
/// broker being restarted) can otherwise be handed that very port as its own source port and connect to itself,
/// holding the port so the listener cannot come back.
/// </summary>
internal static class FreePort
{
    private const int Lowest = 20000;

    /// <summary>A port free now on loopback, below the ephemeral range.</summary>
    public static int Pick()
    {
        var highest = EphemeralLow() - 1;
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var port = Random.Shared.Next(Lowest, highest + 1);
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                listener.Stop();
                return port;
            }
            catch (SocketException)
            {
                // Taken: try another.
            }
        }

        throw new InvalidOperationException($"no free loopback port in {Lowest}..{highest} after 200 tries");
    }

    /// <summary>True when a TCP connection to 127.0.0.1:<paramref name="port"/> is accepted.</summary>
    public static bool Accepts(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>The first port of the kernel's ephemeral range (Linux's default 32768 when it cannot be read).</summary>
    private static int EphemeralLow()
    {
        try
        {
            var fields = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[])['\t', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries);
            return int.TryParse(fields[0], out var low) && low > Lowest + 1000 ? low : 32768;
        }
        catch (IOException)
        {
            return 32768;
        }
    }
}
