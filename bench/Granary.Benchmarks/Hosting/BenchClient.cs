using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;

namespace Granary.Benchmarks.Hosting;

/// <summary>An Orleans client in the benchmark's process (a host of its own), on fixed gateways or the PostgreSQL membership table.</summary>
internal sealed class BenchClient : IAsyncDisposable
{
    private readonly IHost _host;

    private BenchClient(IHost host)
    {
        _host = host;
        Client = host.Services.GetRequiredService<IClusterClient>();
    }

    public IClusterClient Client { get; }

    /// <summary>A client of one gateway on loopback (<c>UseLocalhostClustering</c>); <paramref name="retryUntil"/> keeps it trying to connect.</summary>
    public static Task<BenchClient> ConnectLocalhostAsync(int gatewayPort, string clusterId, TimeSpan retryUntil, CancellationToken cancellationToken) =>
        StartAsync(
            client => client.UseLocalhostClustering(gatewayPort, serviceId: clusterId, clusterId: clusterId),
            retryUntil,
            cancellationToken);

    /// <summary>A client that finds the gateways in the PostgreSQL membership table (<c>UseAdoNetClustering</c>).</summary>
    public static Task<BenchClient> ConnectPostgresAsync(string connectionString, string clusterId, CancellationToken cancellationToken) =>
        StartAsync(
            client => client
                .Configure<ClusterOptions>(options =>
                {
                    options.ClusterId = clusterId;
                    options.ServiceId = clusterId;
                })
                .UseAdoNetClustering(options =>
                {
                    options.Invariant = "Npgsql";
                    options.ConnectionString = connectionString;
                })
                // Calls caught by a killed silo fail within seconds instead of Orleans' 30; failover re-sends them.
                .Configure<ClientMessagingOptions>(options => options.ResponseTimeout = TimeSpan.FromSeconds(10)),
            TimeSpan.FromSeconds(30),
            cancellationToken);

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await _host.StopAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            // Gateways gone; nothing left to close politely.
        }

        _host.Dispose();
    }

    private static async Task<BenchClient> StartAsync(Action<IClientBuilder> configure, TimeSpan retryUntil, CancellationToken cancellationToken)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, ContentRootPath = Path.GetTempPath() });
        builder.Logging.SetMinimumLevel(LogLevel.Error).AddSimpleConsole(options => options.SingleLine = true);
        var deadline = DateTime.UtcNow + retryUntil;
        builder.UseOrleansClient(client =>
        {
            configure(client);
            client.UseConnectionRetryFilter(async (_, token) =>
            {
                if (DateTime.UtcNow > deadline)
                {
                    return false;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(20), token);
                return true;
            });
        });
        var host = builder.Build();
        try
        {
            await host.StartAsync(cancellationToken);
        }
        catch
        {
            host.Dispose();
            throw;
        }

        return new BenchClient(host);
    }
}
