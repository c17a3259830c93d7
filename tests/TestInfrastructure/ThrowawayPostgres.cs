using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Granary.TestInfrastructure;

/// <summary>
/// A throwaway PostgreSQL server: made by <c>initdb</c> in a temporary folder (as the postgres account when this runs
/// as root, since initdb refuses root), listening on a free loopback port with the given extra server settings,
/// stopped and deleted on dispose (and, as a last resort, when the process exits). No test framework needed: used by
/// the tests' <c>PostgresServer</c> fixture and linked into the benchmarks.
/// </summary>
internal sealed class ThrowawayPostgres : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromMinutes(2);

    private readonly bool _runAsPostgresUser = Environment.IsPrivilegedProcess;
    private bool _running;

    private readonly string[] _settings;

    private ThrowawayPostgres(string binDirectory, string rootDirectory, IEnumerable<string> settings)
    {
        BinDirectory = binDirectory;
        RootDirectory = rootDirectory;
        _settings = [.. settings.Where(setting => !string.IsNullOrWhiteSpace(setting)).Select(setting => setting.Trim())];
    }

    /// <summary>The folder holding <c>initdb</c>, <c>pg_ctl</c>, <c>psql</c> and friends.</summary>
    public string BinDirectory { get; }

    /// <summary>The temporary folder holding the data directory, the server log and the unix socket.</summary>
    public string RootDirectory { get; }

    public string DataDirectory => Path.Combine(RootDirectory, "data");

    public string LogFile => Path.Combine(RootDirectory, "server.log");

    /// <summary>The loopback port, chosen free after <c>initdb</c> and kept across restarts.</summary>
    public int Port { get; private set; }

    /// <summary>All server settings passed to <c>postgres</c> (the <c>-o</c> of <c>pg_ctl start</c>).</summary>
    public string ServerOptions => string.Join(
        ' ',
        ((string[])
        [
            "-c listen_addresses=127.0.0.1",
            FormattableString.Invariant($"-c port={Port}"),
            $"-c unix_socket_directories={RootDirectory}",
        ]).Concat(_settings));

    /// <summary>A connection string to the <c>postgres</c> database as the superuser, without pooling.</summary>
    public string AdminConnectionString => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = "postgres",
        Database = "postgres",
        Pooling = false,
        Timeout = 15,
    }.ConnectionString;

    public bool IsRunning => _running;

    /// <summary>
    /// Creates and starts a server; <paramref name="settings"/> are extra server options such as <c>"-c fsync=off"</c>.
    /// Throws when <paramref name="binDirectory"/> lacks the tools or the server does not come up (with its log).
    /// </summary>
    public static async Task<ThrowawayPostgres> StartNewAsync(
        string binDirectory,
        string folderPrefix,
        IEnumerable<string> settings,
        CancellationToken cancellationToken)
    {
        var server = new ThrowawayPostgres(binDirectory, Directory.CreateTempSubdirectory(folderPrefix).FullName, settings);
        try
        {
            if (server._runAsPostgresUser)
            {
                await RunAsync("chown", ["postgres:postgres", server.RootDirectory], asPostgres: false, cancellationToken);
            }

            await server.RunToolAsync(
                "initdb",
                ["-D", server.DataDirectory, "--auth=trust", "--username=postgres", "--encoding=UTF8", "--locale=C", "--no-sync"],
                cancellationToken);
            server.Port = FindFreePort();
            AppDomain.CurrentDomain.ProcessExit += server.OnProcessExit;
            await server.StartAsync(cancellationToken);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts the server (again) on its port and data, and waits until it accepts connections.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await RunToolAsync(
                "pg_ctl",
                ["-D", DataDirectory, "-l", LogFile, "-w", "-t", "120", "-o", ServerOptions, "start"],
                cancellationToken);
        }
        catch (InvalidOperationException ex)
        {
            throw new InvalidOperationException($"{ex.Message}{Environment.NewLine}Server log:{Environment.NewLine}{ReadLog()}", ex);
        }

        _running = true;
        await WaitUntilAcceptingAsync(cancellationToken);
    }

    /// <summary>Stops the server (fast shutdown: open sessions are terminated); the data stays.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        await RunToolAsync("pg_ctl", ["-D", DataDirectory, "-m", "fast", "-w", "-t", "60", "stop"], cancellationToken);
        _running = false;
    }

    /// <summary>Stops the server at once (immediate shutdown) when running, and deletes its folder.</summary>
    public async ValueTask DisposeAsync()
    {
        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        try
        {
            if (_running)
            {
                using var timeout = new CancellationTokenSource(StopTimeout);
                await RunToolAsync("pg_ctl", ["-D", DataDirectory, "-m", "immediate", "-w", "stop"], timeout.Token);
                _running = false;
            }
        }
        finally
        {
            TryDeleteRoot();
        }
    }

    /// <summary>Runs one statement on a connection string (e.g. <c>CREATE DATABASE</c> on <see cref="AdminConnectionString"/>).</summary>
    public static async Task ExecuteAsync(string connectionString, string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The folder of the server tools (<c>initdb</c>, <c>pg_ctl</c>): on PATH, else the newest under /usr/lib/postgresql; null when absent.</summary>
    public static string? FindBinDirectory()
    {
        static bool HasServerTools(string directory) =>
            File.Exists(Path.Combine(directory, "initdb")) && File.Exists(Path.Combine(directory, "pg_ctl"));

        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .FirstOrDefault(HasServerTools);
        if (onPath is not null)
        {
            // Resolve a symlink (Debian's /usr/local or alternatives) to the real folder so psql etc. sit beside it.
            var target = new FileInfo(Path.Combine(onPath, "pg_ctl")).ResolveLinkTarget(returnFinalTarget: true);
            return Path.GetDirectoryName(target?.FullName) is { } real && HasServerTools(real) ? real : onPath;
        }

        const string DebianRoot = "/usr/lib/postgresql";
        return Directory.Exists(DebianRoot)
            ? Directory.GetDirectories(DebianRoot)
                .Select(version => (Version: decimal.TryParse(Path.GetFileName(version), CultureInfo.InvariantCulture, out var v) ? v : 0, Bin: Path.Combine(version, "bin")))
                .Where(candidate => HasServerTools(candidate.Bin))
                .OrderByDescending(candidate => candidate.Version)
                .Select(candidate => candidate.Bin)
                .FirstOrDefault()
            : null;
    }

    private async Task WaitUntilAcceptingAsync(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                await using var connection = new NpgsqlConnection(AdminConnectionString);
                await connection.OpenAsync(cancellationToken);
                return;
            }
            catch (NpgsqlException) when (clock.Elapsed < StartTimeout)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
            }
        }
    }

    private Task RunToolAsync(string tool, IReadOnlyList<string> arguments, CancellationToken cancellationToken) =>
        RunAsync(Path.Combine(BinDirectory, tool), arguments, _runAsPostgresUser, cancellationToken);

    private static async Task RunAsync(string fileName, IReadOnlyList<string> arguments, bool asPostgres, CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo
        {
            FileName = asPostgres ? "runuser" : fileName,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (asPostgres)
        {
            foreach (var argument in (string[])["-u", "postgres", "--", fileName])
            {
                startInfo.ArgumentList.Add(argument);
            }
        }

        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo)
            ?? throw new InvalidOperationException($"Could not start {fileName}.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"'{fileName} {string.Join(' ', arguments)}' exited with code {process.ExitCode.ToString(CultureInfo.InvariantCulture)}:"
                + $"{Environment.NewLine}{await output}{await error}");
        }
    }

    private static int FindFreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private string ReadLog()
    {
        try
        {
            return File.ReadAllText(LogFile);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return "(no log)";
        }
    }

    private void TryDeleteRoot()
    {
        try
        {
            Directory.Delete(RootDirectory, recursive: true);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // A leftover temp folder is not worth failing the run for.
        }
    }

    // Last resort when the host exits without disposing: never leave a postmaster behind.
    private void OnProcessExit(object? sender, EventArgs e)
    {
        if (!_running)
        {
            return;
        }

        try
        {
            RunToolAsync("pg_ctl", ["-D", DataDirectory, "-m", "immediate", "stop"], CancellationToken.None)
                .Wait(TimeSpan.FromSeconds(10));
        }
        catch (AggregateException)
        {
        }

        TryDeleteRoot();
    }
}
