using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Granary.ApiGateway.Tests.Hosting;

/// <summary>The real gateway process refuses to start without what it needs, with one line naming it and exit code 1.</summary>
public sealed class GatewayProcessTests
{
    [Fact]
    public async Task Without_a_signing_key_outside_development_it_refuses_to_start()
    {
        var (exitCode, output) = await RunGatewayAsync(("ASPNETCORE_ENVIRONMENT", "Production"));

        Assert.Equal(1, exitCode);
        Assert.Contains("start-up failed", output, StringComparison.Ordinal);
        Assert.Contains("Gateway:Jwt:SigningKey is required outside the Development environment", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_short_signing_key_is_refused_without_showing_it()
    {
        var (exitCode, output) = await RunGatewayAsync(("ASPNETCORE_ENVIRONMENT", "Production"), ("Gateway__Jwt__SigningKey", "too-short-secret"));

        Assert.Equal(1, exitCode);
        Assert.Contains("Gateway:Jwt:SigningKey must be at least 32 bytes", output, StringComparison.Ordinal);
        Assert.DoesNotContain("too-short-secret", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Granary__Database__ConnectionString", "", "Granary:Database:ConnectionString is required")]
    [InlineData("Gateway__Orders__WaitBudget", "soon", "Gateway:Orders:WaitBudget")]
    [InlineData("Gateway__Cluster__CallTimeout", "-00:00:01", "Gateway:Cluster:CallTimeout must be positive")]
    [InlineData("Gateway__RateLimits__PerUser__PermitLimit", "0", "Gateway:RateLimits:PerUser:PermitLimit must be at least 1")]
    public async Task A_bad_setting_stops_start_up_naming_it(string variable, string value, string named)
    {
        var (exitCode, output) = await RunGatewayAsync(
            ("ASPNETCORE_ENVIRONMENT", "Production"),
            ("Gateway__Jwt__SigningKey", GatewayFactory.SigningKey),
            ("Granary__Database__Provider", "Postgres"),
            // Nothing listens there: the gateway must refuse its settings before it looks for the cluster.
            ("Granary__Database__ConnectionString", $"Host=127.0.0.1;Port={FreePort()};Database=shop;Username=granary;Password=secret-value"),
            ("ASPNETCORE_URLS", $"http://127.0.0.1:{FreePort()}"),
            (variable, value));

        Assert.Equal(1, exitCode);
        Assert.Contains("start-up failed", output, StringComparison.Ordinal);
        Assert.Contains(named, output, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-value", output, StringComparison.Ordinal);
        Assert.DoesNotContain(GatewayFactory.SigningKey, output, StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string Output)> RunGatewayAsync(params (string Name, string Value)[] environment)
    {
        var folder = Directory.CreateTempSubdirectory("granary-gateway-").FullName;
        var start = new ProcessStartInfo("dotnet", Path.Combine(AppContext.BaseDirectory, "Granary.ApiGateway.dll"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = folder,
        };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        var output = await stdout + await stderr;
        Directory.Delete(folder, recursive: true);
        return (process.ExitCode, output);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
