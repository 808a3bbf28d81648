using System.Net;
using System.Net.Sockets;

namespace FerEdge.Testing;

/// <summary>
/// Free loopback TCP ports for external processes (bind port 0, read the port back, release it), and whether a
/// process listens on one yet.
/// </summary>
internal static class FreePort
{
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

    public static int Pick()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
