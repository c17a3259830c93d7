using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Granary.Silo.Tests.Hosting;

/// <summary>The real silo process refuses bad start-up conditions with a message and a non-zero exit code.</summary>
public sealed class SiloProcessTests
{
    [Theory]
    [InlineData("Granary__Database__Provider", "Oracle", "Granary:Database")]
    [InlineData("Granary__Streams__QueueCount", "0", "QueueCount")]
    [InlineData("Granary__Membership__ProbeTimeout", "soon", "Granary:Membership:ProbeTimeout")]
    public async Task A_bad_setting_stops_start_up_naming_it(string variable, string value, string named)
    {
        var (exitCode, output) = await RunSiloAsync((variable, value));

        Assert.Equal(1, exitCode);
        Assert.Contains("start-up failed", output, StringComparison.Ordinal);
        Assert.Contains(named, output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_database_is_retried_until_the_deadline_then_the_process_exits_non_zero()
    {
        var port = FreePort();
        var (exitCode, output) = await RunSiloAsync(
            ("Granary__Database__Provider", "Postgres"),
            ("Granary__Database__ConnectionString", $"Host=127.0.0.1;Port={port};Database=shop;Username=granary;Password=secret-value;Timeout=2"),
            ("Granary__Database__StartupTimeout", "00:00:04"));

        Assert.Equal(1, exitCode);
        Assert.Contains($"127.0.0.1:{port}", output, StringComparison.Ordinal);
        Assert.Contains("Database not reachable yet", output, StringComparison.Ordinal);
        Assert.Contains("Granary:Database:StartupTimeout", output, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-value", output, StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string Output)> RunSiloAsync(params (string Name, string Value)[] environment)
    {
        var folder = Directory.CreateTempSubdirectory("granary-silo-").FullName;
        var start = new ProcessStartInfo("dotnet", Path.Combine(AppContext.BaseDirectory, "Granary.Silo.dll"))
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
        await process.WaitForExitAsync(timeout.Token);
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
