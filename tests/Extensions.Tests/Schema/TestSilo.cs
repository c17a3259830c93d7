using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Granary.Extensions.Tests.Schema;

/// <summary>Starts real Orleans silo and client hosts in the test process, and waits on conditions.</summary>
internal static class TestSilo
{
    /// <summary>Generous: a loaded two-core machine starts a silo in seconds, not milliseconds.</summary>
    public static readonly TimeSpan Deadline = TimeSpan.FromMinutes(3);

    public static Task<IHost> StartSiloAsync(Action<ISiloBuilder> configure, CancellationToken cancellationToken)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.UseOrleans(configure);
        return StartAsync(builder.Build(), cancellationToken);
    }

    public static Task<IHost> StartClientAsync(Action<IClientBuilder> configure, CancellationToken cancellationToken)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.UseOrleansClient(configure);
        return StartAsync(builder.Build(), cancellationToken);
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Polls <paramref name="condition"/> until it holds; fails with <paramref name="what"/> after <see cref="Deadline"/>.</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, string what, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > Deadline)
            {
                throw new TimeoutException($"Waited {Deadline} for: {what}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
        }
    }

    public static async Task StopAsync(IHost host)
    {
        using var timeout = new CancellationTokenSource(Deadline);
        await host.StopAsync(timeout.Token);
        host.Dispose();
    }

    private static async Task<IHost> StartAsync(IHost host, CancellationToken cancellationToken)
    {
        try
        {
            await host.StartAsync(cancellationToken);
            return host;
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }
}
