using System.Net;
using System.Net.Sockets;

namespace FerEdge.Testing;

/// <summary>Free loopback TCP ports for external processes: bind port 0, read the port back, release it.</summary>
internal static class FreePort
{
    public static int Pick()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
