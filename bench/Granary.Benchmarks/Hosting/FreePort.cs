using System.Net;
using System.Net.Sockets;

namespace Granary.Benchmarks.Hosting;

/// <summary>Free loopback TCP ports for the silos a scenario starts.</summary>
internal static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
