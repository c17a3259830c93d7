using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Granary.Silo.Tests.Hosting;
using Granary.TestInfrastructure;
using Npgsql;

namespace Granary.Silo.Tests.Cluster;

/// <summary>
/// Real silo processes (the shipped <c>Granary.Silo</c>) on PostgreSQL: the membership the others keep after one is
/// killed with SIGKILL and another stopped with SIGTERM. In-process test clusters cannot show this: a real kill leaves
/// the others probing a port nobody answers.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class SiloProcessClusterTests(PostgresServer postgres) : IAsyncLifetime
{
    private const int Active = 3;
    private const int Dead = 6;
    private readonly List<Process> _silos = [];
    private readonly Dictionary<Process, System.Collections.Concurrent.ConcurrentQueue<string>> _logs = [];
    private string _connectionString = string.Empty;
    private readonly string _clusterId = "process-" + Guid.NewGuid().ToString("N")[..8];

    public async Task InitializeAsync() => _connectionString = await postgres.CreateDatabaseAsync();

    public Task DisposeAsync()
    {
        foreach (var silo in _silos)
        {
            if (!silo.HasExited)
            {
                silo.Kill(entireProcessTree: true);
            }

            silo.Dispose();
        }

        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_killed_silo_is_declared_dead_and_a_terminated_one_leaves_gracefully()
    {
        var ports = Enumerable.Range(0, 3).Select(_ => (Silo: FreePort(), Gateway: FreePort())).ToArray();
        foreach (var (silo, gateway) in ports)
        {
            StartSilo(silo, gateway);
        }

        await Eventually.SucceedsAsync(async () => (await StatusesAsync()).Count(row => row.Status == Active) == 3, "three active silos", TimeSpan.FromMinutes(3));
        await Eventually.SucceedsAsync(
            () => Task.FromResult(_silos.All(silo => _logs[silo].Any(line => line.Contains("Application started", StringComparison.Ordinal)))),
            "every silo process to finish starting", TimeSpan.FromMinutes(3));

        _silos[1].Kill();
        await Eventually.SucceedsAsync(
            async () => (await StatusesAsync()).Any(row => row.Port == ports[1].Silo && row.Status == Dead),
            "the killed silo to be declared dead by the others", TimeSpan.FromSeconds(60));

        using (var term = Process.Start("kill", ["-TERM", _silos[2].Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await term.WaitForExitAsync();
        }

        using var exit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await _silos[2].WaitForExitAsync(exit.Token);
        Assert.True(_silos[2].ExitCode == 0, $"the SIGTERMed silo exited {_silos[2].ExitCode}; its last output:\n{string.Join('\n', _logs[_silos[2]].TakeLast(40))}");
        var rows = await StatusesAsync();
        Assert.Contains(rows, row => row.Port == ports[2].Silo && row.Status == Dead);
        Assert.Contains(rows, row => row.Port == ports[0].Silo && row.Status == Active);
    }

    [Fact]
    public async Task The_migrate_command_applies_the_schema_once_and_a_second_run_changes_nothing()
    {
        Assert.Equal(0, await RunToExitAsync(Silo(["migrate"])));
        var first = await HistoryAsync();
        Assert.Equal(0, await RunToExitAsync(Silo(["migrate"])));

        Assert.Contains(first, row => row.StartsWith("clustering.", StringComparison.Ordinal));
        Assert.Contains(first, row => row.StartsWith("streams.", StringComparison.Ordinal));
        Assert.Equal(first, await HistoryAsync());
    }

    private async Task<List<string>> HistoryAsync()
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT module || '.' || version || '@' || applied_at FROM granary_schema_history ORDER BY module, version", connection);
        var rows = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetString(0));
        }

        return rows;
    }

    private static async Task<int> RunToExitAsync(Process process)
    {
        using (process)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            await process.WaitForExitAsync(timeout.Token);
            return process.ExitCode;
        }
    }

    private Process StartSilo(int siloPort, int gatewayPort)
    {
        var process = Silo([], siloPort, gatewayPort);
        _silos.Add(process);
        return process;
    }

    private Process Silo(string[] arguments, int siloPort = 11111, int gatewayPort = 30000)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Granary.Silo.dll"), .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.Environment["Granary__Database__Provider"] = "Postgres";
        start.Environment["Granary__Database__ConnectionString"] = _connectionString;
        start.Environment["Granary__Database__MaxPoolSize"] = "8";
        start.Environment["Granary__Cluster__ClusterId"] = _clusterId;
        start.Environment["Granary__Cluster__SiloPort"] = siloPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["Granary__Cluster__GatewayPort"] = gatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["Logging__LogLevel__Default"] = "Warning";

        // "Application started": the host finished starting, so a SIGTERM is a stop, not an abandoned start.
        start.Environment["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information";
        var process = Process.Start(start)!;

        // Drain the output so a chatty silo never blocks on a full pipe.
        // Drained into a log per process, shown when an assertion about that process fails.
        var log = new System.Collections.Concurrent.ConcurrentQueue<string>();
        _logs[process] = log;
        process.OutputDataReceived += (_, line) => Record(log, line.Data);
        process.ErrorDataReceived += (_, line) => Record(log, line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static void Record(System.Collections.Concurrent.ConcurrentQueue<string> log, string? line)
    {
        if (line is null)
        {
            return;
        }

        log.Enqueue(line);
        while (log.Count > 200 && log.TryDequeue(out _))
        {
        }
    }

    private async Task<List<(int Port, int Status)>> StatusesAsync()
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT port, status FROM orleansmembershiptable WHERE deploymentid = @cluster", connection);
        command.Parameters.AddWithValue("cluster", _clusterId);
        var rows = new List<(int, int)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetInt32(0), reader.GetInt32(1)));
        }

        return rows;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
