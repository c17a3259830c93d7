using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Granary.Benchmarks.Hosting;

/// <summary>
/// A PostgreSQL database for a benchmark (the logic of tests/TestInfrastructure/PostgresServer.cs, without xunit).
/// With <c>GRANARY_TEST_POSTGRES</c> set to a connection string, a fresh database on that server (dropped at the
/// end); otherwise a throwaway server made by <c>initdb</c> in a temp folder (as the postgres account when this
/// runs as root), listening on a free loopback port, stopped and deleted at the end. The throwaway server keeps
/// PostgreSQL's durable defaults (fsync and synchronous_commit on); <c>GRANARY_BENCH_POSTGRES_SETTINGS</c> adds
/// server settings, e.g. <c>"-c synchronous_commit=off"</c>.
/// </summary>
internal sealed class PostgresLauncher : IAsyncDisposable
{
    public const string ServerVariable = "GRANARY_TEST_POSTGRES";
    public const string SettingsVariable = "GRANARY_BENCH_POSTGRES_SETTINGS";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);

    private readonly string? _binDirectory;
    private readonly string? _rootDirectory;
    private readonly bool _asPostgres = Environment.IsPrivilegedProcess;
    private string _adminConnectionString = string.Empty;
    private string _database = string.Empty;
    private bool _running;

    private PostgresLauncher(string? binDirectory, string? rootDirectory)
    {
        _binDirectory = binDirectory;
        _rootDirectory = rootDirectory;
    }

    /// <summary>A connection string to this run's own, initially empty database.</summary>
    public string ConnectionString { get; private set; } = string.Empty;

    /// <summary>What was started, for an info line.</summary>
    public string Description { get; private set; } = string.Empty;

    private string DataDirectory => Path.Combine(_rootDirectory!, "data");

    /// <summary>Starts (or connects to) the server and creates the database; throws with a clear message when PostgreSQL is missing.</summary>
    public static async Task<PostgresLauncher> StartAsync(CancellationToken cancellationToken)
    {
        var external = Environment.GetEnvironmentVariable(ServerVariable);
        PostgresLauncher launcher;
        if (!string.IsNullOrWhiteSpace(external))
        {
            launcher = new PostgresLauncher(null, null)
            {
                _adminConnectionString = new NpgsqlConnectionStringBuilder(external) { Pooling = false }.ConnectionString,
                Description = $"the server of {ServerVariable}",
            };
        }
        else
        {
            var bin = FindBinDirectory() ?? throw new InvalidOperationException(
                "No PostgreSQL server binaries (initdb, pg_ctl) on PATH or under /usr/lib/postgresql/*/bin. "
                + $"Install them (apt-get install postgresql) or set {ServerVariable} to a connection string of a server to use.");
            launcher = new PostgresLauncher(bin, Directory.CreateTempSubdirectory("granary-bench-pg-").FullName);
        }

        try
        {
            if (launcher._rootDirectory is not null)
            {
                await launcher.StartThrowawayAsync(cancellationToken);
            }

            launcher._database = "bench_" + Guid.NewGuid().ToString("N");
            await launcher.ExecuteAdminAsync($"CREATE DATABASE \"{launcher._database}\"", cancellationToken);
            launcher.ConnectionString = new NpgsqlConnectionStringBuilder(launcher._adminConnectionString)
            {
                Database = launcher._database,
                Pooling = true,
            }.ConnectionString;
            return launcher;
        }
        catch
        {
            await launcher.DisposeAsync();
            throw;
        }
    }

    /// <summary>CPU time of the throwaway server's processes (postmaster and its children), or null for an external server.</summary>
    public TimeSpan? ServerProcessorTime()
    {
        if (!_running || !File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
        {
            return null;
        }

        try
        {
            var postmaster = int.Parse(File.ReadLines(Path.Combine(DataDirectory, "postmaster.pid")).First(), CultureInfo.InvariantCulture);
            long ticks = 0;
            foreach (var directory in Directory.EnumerateDirectories("/proc"))
            {
                if (!int.TryParse(Path.GetFileName(directory), CultureInfo.InvariantCulture, out var pid))
                {
                    continue;
                }

                string stat;
                try
                {
                    stat = File.ReadAllText(Path.Combine(directory, "stat"));
                }
                catch (IOException)
                {
                    continue; // exited meanwhile
                }

                // Fields after "(comm)": state ppid ... utime(14) stime(15) cutime(16) cstime(17), counted from 1.
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                var parent = int.Parse(fields[1], CultureInfo.InvariantCulture);
                if (pid == postmaster || parent == postmaster)
                {
                    ticks += long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
                    if (pid == postmaster)
                    {
                        ticks += long.Parse(fields[13], CultureInfo.InvariantCulture) + long.Parse(fields[14], CultureInfo.InvariantCulture);
                    }
                }
            }

            return TimeSpan.FromSeconds(ticks / 100.0); // USER_HZ is 100 on Linux
        }
        catch (Exception exception) when (exception is IOException or FormatException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (_rootDirectory is null)
        {
            if (_database.Length > 0)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
                await ExecuteAdminAsync($"DROP DATABASE IF EXISTS \"{_database}\" WITH (FORCE)", timeout.Token);
            }

            return;
        }

        try
        {
            if (_running)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
                await RunAsync(Path.Combine(_binDirectory!, "pg_ctl"), ["-D", DataDirectory, "-m", "immediate", "-w", "stop"], _asPostgres, timeout.Token);
                _running = false;
            }
        }
        finally
        {
            try
            {
                Directory.Delete(_rootDirectory, recursive: true);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                // A leftover temp folder is not worth failing the run for.
            }
        }
    }

    private async Task StartThrowawayAsync(CancellationToken cancellationToken)
    {
        if (_asPostgres)
        {
            // initdb refuses to run as root: the cluster belongs to the postgres account.
            await RunAsync("chown", ["postgres:postgres", _rootDirectory!], asPostgres: false, cancellationToken);
        }

        await RunAsync(
            Path.Combine(_binDirectory!, "initdb"),
            ["-D", DataDirectory, "--auth=trust", "--username=postgres", "--encoding=UTF8", "--locale=C", "--no-sync"],
            _asPostgres,
            cancellationToken);

        var port = FindFreePort();
        var extra = Environment.GetEnvironmentVariable(SettingsVariable) ?? string.Empty;
        var settings = string.Join(
            ' ',
            "-c listen_addresses=127.0.0.1",
            FormattableString.Invariant($"-c port={port}"),
            $"-c unix_socket_directories={_rootDirectory}",
            "-c max_connections=200",
            extra);
        var log = Path.Combine(_rootDirectory!, "server.log");
        try
        {
            await RunAsync(Path.Combine(_binDirectory!, "pg_ctl"), ["-D", DataDirectory, "-l", log, "-w", "-t", "120", "-o", settings, "start"], _asPostgres, cancellationToken);
        }
        catch (InvalidOperationException exception)
        {
            var text = File.Exists(log) ? await File.ReadAllTextAsync(log, cancellationToken) : "(no log)";
            throw new InvalidOperationException($"{exception.Message}{Environment.NewLine}Server log:{Environment.NewLine}{text}", exception);
        }

        _running = true;
        _adminConnectionString = new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = port,
            Username = "postgres",
            Database = "postgres",
            Pooling = false,
            Timeout = 15,
        }.ConnectionString;
        Description = $"a throwaway PostgreSQL ({_binDirectory}) on 127.0.0.1:{port}, settings: {settings.Trim()}";
        await WaitUntilAcceptingAsync(cancellationToken);
    }

    private async Task WaitUntilAcceptingAsync(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                await using var connection = new NpgsqlConnection(_adminConnectionString);
                await connection.OpenAsync(cancellationToken);
                return;
            }
            catch (NpgsqlException) when (clock.Elapsed < StartTimeout)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
            }
        }
    }

    private async Task ExecuteAdminAsync(string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(_adminConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

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

        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"Could not start {fileName}.");
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

    private static string? FindBinDirectory()
    {
        static bool HasServerTools(string directory) =>
            File.Exists(Path.Combine(directory, "initdb")) && File.Exists(Path.Combine(directory, "pg_ctl"));

        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .FirstOrDefault(HasServerTools);
        if (onPath is not null)
        {
            // Resolve a symlink (Debian's /usr/local or alternatives) to the real folder.
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

    private static int FindFreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
