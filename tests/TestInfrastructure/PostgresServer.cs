using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Granary.TestInfrastructure;

/// <summary>
/// Gives tests a PostgreSQL database. When <c>GRANARY_TEST_POSTGRES</c> holds a connection string that server is
/// used; otherwise a throwaway server is created with <c>initdb</c> in a temporary folder, listening on a free
/// loopback port, and deleted on dispose. Each fixture gets a fresh database (<see cref="ConnectionString"/>);
/// <see cref="CreateDatabaseAsync"/> makes more. A throwaway server can be stopped and started again.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    public const string EnvironmentVariable = "GRANARY_TEST_POSTGRES";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(3);

    private readonly List<string> _databases = [];
    private string _adminConnectionString = string.Empty;
    private string? _binDirectory;
    private string? _rootDirectory;
    private bool _runAsPostgresUser;
    private int _port;
    private bool _running;

    /// <summary>A connection string to this fixture's own, initially empty database.</summary>
    public string ConnectionString { get; private set; } = string.Empty;

    /// <summary>True when this fixture started the server itself, so <see cref="StopAsync"/>/<see cref="StartAsync"/> work.</summary>
    public bool IsThrowaway => _rootDirectory is not null;

    /// <summary>The folder holding <c>psql</c>, <c>pg_ctl</c> and friends, when known.</summary>
    public string? BinDirectory => _binDirectory ?? FindBinDirectory();

    public async Task InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(CommandTimeout);
        var external = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(external))
        {
            _adminConnectionString = new NpgsqlConnectionStringBuilder(external) { Pooling = false }.ConnectionString;
        }
        else
        {
            await CreateThrowawayServerAsync(timeout.Token);
        }

        ConnectionString = await CreateDatabaseAsync(timeout.Token);
    }

    /// <summary>Creates a fresh empty database and returns a connection string to it.</summary>
    public async Task<string> CreateDatabaseAsync(CancellationToken cancellationToken = default)
    {
        var name = "test_" + Guid.NewGuid().ToString("N");
        await ExecuteAdminAsync($"CREATE DATABASE \"{name}\"", cancellationToken);
        lock (_databases)
        {
            _databases.Add(name);
        }

        return new NpgsqlConnectionStringBuilder(_adminConnectionString) { Database = name, Pooling = true }.ConnectionString;
    }

    /// <summary>Stops the throwaway server (fast shutdown: open sessions are terminated).</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        EnsureThrowaway();
        await PgCtlAsync(["-D", DataDirectory, "-m", "fast", "-w", "-t", "60", "stop"], cancellationToken);
        _running = false;
    }

    /// <summary>Starts the throwaway server again on the same port and data.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        EnsureThrowaway();
        await StartServerAsync(cancellationToken);
    }

    public async Task DisposeAsync()
    {
        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        if (!IsThrowaway)
        {
            await DropDatabasesAsync();
            return;
        }

        try
        {
            if (_running)
            {
                using var timeout = new CancellationTokenSource(CommandTimeout);
                await PgCtlAsync(["-D", DataDirectory, "-m", "immediate", "-w", "stop"], timeout.Token);
                _running = false;
            }
        }
        finally
        {
            TryDeleteRoot();
        }
    }

    private string DataDirectory => Path.Combine(_rootDirectory!, "data");

    private string LogFile => Path.Combine(_rootDirectory!, "server.log");

    private async Task CreateThrowawayServerAsync(CancellationToken cancellationToken)
    {
        _binDirectory = FindBinDirectory() ?? throw new InvalidOperationException(
            "No PostgreSQL server binaries (initdb, pg_ctl) were found on PATH or under /usr/lib/postgresql/*/bin. "
            + $"Install the 'postgresql' package (apt-get install postgresql) or set {EnvironmentVariable} to a connection string.");

        // initdb refuses to run as root, so a root test run hands the cluster to the postgres account.
        _runAsPostgresUser = Environment.IsPrivilegedProcess;
        _rootDirectory = Directory.CreateTempSubdirectory("granary-pg-").FullName;
        if (_runAsPostgresUser)
        {
            await RunAsync("chown", ["postgres:postgres", _rootDirectory], asPostgres: false, cancellationToken);
        }

        await RunAsync(
            Path.Combine(_binDirectory, "initdb"),
            ["-D", DataDirectory, "--auth=trust", "--username=postgres", "--encoding=UTF8", "--locale=C", "--no-sync"],
            _runAsPostgresUser,
            cancellationToken);

        _port = FindFreePort();
        _adminConnectionString = new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = _port,
            Username = "postgres",
            Database = "postgres",
            Pooling = false,
            Timeout = 15,
        }.ConnectionString;

        AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
        await StartServerAsync(cancellationToken);
    }

    private async Task StartServerAsync(CancellationToken cancellationToken)
    {
        var serverOptions = string.Join(
            ' ',
            "-c listen_addresses=127.0.0.1",
            FormattableString.Invariant($"-c port={_port}"),
            $"-c unix_socket_directories={_rootDirectory}",
            "-c max_connections=200",
            "-c fsync=off",
            "-c synchronous_commit=off",
            "-c full_page_writes=off");
        try
        {
            await PgCtlAsync(
                ["-D", DataDirectory, "-l", LogFile, "-w", "-t", "120", "-o", serverOptions, "start"],
                cancellationToken);
        }
        catch (InvalidOperationException ex)
        {
            throw new InvalidOperationException($"{ex.Message}{Environment.NewLine}Server log:{Environment.NewLine}{ReadLog()}", ex);
        }

        _running = true;
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
            catch (NpgsqlException ex) when (clock.Elapsed < StartTimeout)
            {
                _ = ex;
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

    private async Task DropDatabasesAsync()
    {
        string[] databases;
        lock (_databases)
        {
            databases = [.. _databases];
        }

        NpgsqlConnection.ClearAllPools();
        using var timeout = new CancellationTokenSource(CommandTimeout);
        foreach (var database in databases)
        {
            await ExecuteAdminAsync($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", timeout.Token);
        }
    }

    private Task PgCtlAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken) =>
        RunAsync(Path.Combine(_binDirectory!, "pg_ctl"), arguments, _runAsPostgresUser, cancellationToken);

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

    private static string? FindBinDirectory()
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

    private static int FindFreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void EnsureThrowaway()
    {
        if (!IsThrowaway)
        {
            throw new InvalidOperationException($"The server from {EnvironmentVariable} is not this fixture's to stop or start.");
        }
    }

    private string ReadLog()
    {
        try
        {
            return File.ReadAllText(LogFile);
        }
        catch (IOException)
        {
            return "(no log)";
        }
    }

    private void TryDeleteRoot()
    {
        try
        {
            Directory.Delete(_rootDirectory!, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is not worth failing the run for.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    // Last resort when the test host exits without disposing fixtures: never leave a postmaster behind.
    private void OnProcessExit(object? sender, EventArgs e)
    {
        if (!_running || _binDirectory is null)
        {
            return;
        }

        try
        {
            RunAsync(Path.Combine(_binDirectory, "pg_ctl"), ["-D", DataDirectory, "-m", "immediate", "stop"], _runAsPostgresUser, CancellationToken.None)
                .Wait(TimeSpan.FromSeconds(10));
        }
        catch (AggregateException)
        {
        }

        TryDeleteRoot();
    }
}
