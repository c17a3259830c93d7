using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Granary.Hosting;
using Granary.Membership;
using Granary.Sqlite.Membership;
using Granary.Sqlite.Persistence;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Granary.Benchmarks.Hosting;

/// <summary>
/// A clustered silo as the cluster scenarios run it, in the driver (the benchmark process) and in every silo
/// process: loopback TCP on its own port, membership in a shared SQLite file, grain state in another shared
/// SQLite file, the runtime's membership defaults unless <c>--set</c> overrides them.
/// </summary>
internal static class ClusterSilo
{
    /// <summary>First line a silo process prints once started: <c>SILO-READY address startup-seconds</c>.</summary>
    public const string ReadyPrefix = "SILO-READY ";

    /// <summary>Line a silo process prints once its host has stopped.</summary>
    public const string StoppedLine = "SILO-STOPPED";

    public const string ClusterId = "bench";

    public static async Task<IHost> StartAsync(
        string name,
        int port,
        string clusterDb,
        string storageDb,
        IEnumerable<KeyValuePair<string, string>> settings,
        CancellationToken cancellationToken)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = [],
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Granary:Networking:Port"] = port.ToString(CultureInfo.InvariantCulture),
            ["Granary:Networking:BindAddress"] = "127.0.0.1",
            ["Granary:Silo:Name"] = name,
        });
        builder.Configuration.AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value)));

        // Keep the console for figures; warnings and errors still show (a silo process's are forwarded by the driver).
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.UseGranary(silo =>
        {
            silo.UseSqliteClustering(clustering =>
            {
                clustering.ConnectionString = $"Data Source={clusterDb}";
                clustering.ClusterId = ClusterId;
            });
            silo.AddSqliteGrainStorage("Default", storage => storage.ConnectionString = $"Data Source={storageDb}");
        });

        var host = builder.Build();
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

    /// <summary>
    /// The body of a silo process (<c>--role silo</c>): start, print the ready line, serve until SIGTERM,
    /// a <c>stop</c> line on stdin or the end of stdin (the driver went away), stop gracefully.
    /// </summary>
    public static async Task RunProcessAsync(BenchmarkOptions options, TextWriter output, CancellationToken cancellationToken)
    {
        if (options.Port <= 0 || options.ClusterDb is null || options.StorageDb is null || options.Name is null)
        {
            throw new ArgumentException("--role silo needs --port, --cluster-db, --storage-db and --name.");
        }

        var host = await StartAsync(options.Name, options.Port, options.ClusterDb, options.StorageDb, options.Settings, cancellationToken);
        using (var process = Process.GetCurrentProcess())
        {
            var startup = DateTime.Now - process.StartTime;
            var address = host.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{ReadyPrefix}{address} {startup.TotalSeconds:0.000}"));
            output.Flush();
        }

        var lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();
        _ = Task.Run(async () =>
        {
            string? line;
            while ((line = await Console.In.ReadLineAsync(CancellationToken.None)) is not null && line.Trim() != "stop")
            {
            }

            lifetime.StopApplication();
        }, CancellationToken.None);

        // Ends when the lifetime stops (SIGTERM through the console lifetime, or the stdin reader above) and stops the host.
        await host.WaitForShutdownAsync(CancellationToken.None);
        host.Dispose();
        output.WriteLine(StoppedLine);
        output.Flush();
    }

    /// <summary>A free loopback port picked by the OS (the silo binds it right after).</summary>
    public static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
