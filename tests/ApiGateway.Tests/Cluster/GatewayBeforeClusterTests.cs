using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Granary.ApiGateway.Tests.Hosting;
using Granary.Silo.Tests.Hosting;

namespace Granary.ApiGateway.Tests.Cluster;

/// <summary>
/// The gateway process started before any silo (as Kubernetes may start it): it serves at once, live but not ready,
/// answering the API 503; once silos join, it connects and serves the shop without a restart.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class GatewayBeforeClusterTests(GatewayCluster shop)
{
    [Fact]
    public async Task A_gateway_started_before_the_silos_is_live_not_ready_until_they_come()
    {
        var database = await shop.Postgres.CreateDatabaseAsync();
        var clusterId = "early-" + Guid.NewGuid().ToString("N")[..8];
        var port = FreePort();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
        using var gateway = StartGateway(
            ("ASPNETCORE_ENVIRONMENT", "Production"),
            ("ASPNETCORE_URLS", $"http://127.0.0.1:{port}"),
            ("Gateway__Jwt__SigningKey", GatewayFactory.SigningKey),
            ("Gateway__Cluster__ConnectRetryDelay", "00:00:00.500"),
            ("Granary__Database__Provider", "Postgres"),
            ("Granary__Database__ConnectionString", database),
            ("Granary__Cluster__ClusterId", clusterId),
            ("Granary__Cluster__ServiceId", clusterId));
        try
        {
            await Eventually.SucceedsAsync(async () => (await http.GetAsync("/health/live")).StatusCode == HttpStatusCode.OK, "the gateway to answer");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await http.GetAsync("/health/ready")).StatusCode);
            var clock = Stopwatch.StartNew();
            var early = await http.GetAsync("/products/DEMO-0001");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, early.StatusCode);
            Assert.Equal("application/problem+json", early.Content.Headers.ContentType?.MediaType);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"answered after {clock.Elapsed}");

            var cluster = await ShopTestCluster.StartAsync(1, ShopTestCluster.Settings(database), clusterId);
            try
            {
                await Eventually.SucceedsAsync(async () => (await http.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK, "the gateway to connect to the new cluster");
                Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/products/DEMO-0001")).StatusCode);
            }
            finally
            {
                await cluster.DisposeAsync();
            }
        }
        finally
        {
            gateway.Kill(entireProcessTree: true);
            await gateway.WaitForExitAsync();
        }
    }

    private static Process StartGateway(params (string Name, string Value)[] environment)
    {
        var start = new ProcessStartInfo("dotnet", Path.Combine(AppContext.BaseDirectory, "Granary.ApiGateway.dll"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start)!;
        // Drained, so a chatty process never blocks on a full pipe.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
