using Granary.TestInfrastructure;
using Npgsql;

namespace Granary.Benchmarks.Hosting;

/// <summary>
/// A PostgreSQL database for a benchmark. With <c>GRANARY_TEST_POSTGRES</c> set to a connection string, a fresh
/// database on that server (dropped at the end); otherwise a <see cref="ThrowawayPostgres"/> server (linked from
/// tests/TestInfrastructure), stopped and deleted at the end. The throwaway server keeps PostgreSQL's durable
/// defaults (fsync and synchronous_commit on); <c>GRANARY_BENCH_POSTGRES_SETTINGS</c> adds server settings, e.g.
/// <c>"-c synchronous_commit=off"</c>.
/// </summary>
internal sealed class PostgresLauncher : IAsyncDisposable
{
    public const string ServerVariable = "GRANARY_TEST_POSTGRES";
    public const string SettingsVariable = "GRANARY_BENCH_POSTGRES_SETTINGS";

    private readonly List<string> _databases = [];
    private ThrowawayPostgres? _server;
    private string _adminConnectionString = string.Empty;
    private string _database = string.Empty;

    /// <summary>A connection string to this run's own, initially empty database.</summary>
    public string ConnectionString { get; private set; } = string.Empty;

    /// <summary>What was started, for an info line.</summary>
    public string Description { get; private set; } = string.Empty;

    /// <summary>The folder of the server's tools (pgbench beside initdb); null for a server of <see cref="ServerVariable"/>.</summary>
    public string? BinDirectory => _server?.BinDirectory;

    /// <summary>The postmaster's process id (its CPU, and its children's, is the server's); null for a server of <see cref="ServerVariable"/>.</summary>
    public int? PostmasterId
    {
        get
        {
            var pidFile = _server is null ? null : Path.Combine(_server.DataDirectory, "postmaster.pid");
            return pidFile is not null && File.Exists(pidFile)
                && int.TryParse(File.ReadLines(pidFile).First(), System.Globalization.CultureInfo.InvariantCulture, out var id)
                ? id
                : null;
        }
    }

    /// <summary>Another empty database on the same server (e.g. pgbench's), dropped with the run's own.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix, CancellationToken cancellationToken)
    {
        var name = prefix + Guid.NewGuid().ToString("N")[..12];
        await ThrowawayPostgres.ExecuteAsync(_adminConnectionString, $"CREATE DATABASE \"{name}\"", cancellationToken);
        _databases.Add(name);
        return new NpgsqlConnectionStringBuilder(_adminConnectionString) { Database = name }.ConnectionString;
    }

    /// <summary>Starts (or connects to) the server and creates the database; throws with a clear message when PostgreSQL is missing.</summary>
    public static async Task<PostgresLauncher> StartAsync(CancellationToken cancellationToken)
    {
        var launcher = new PostgresLauncher();
        try
        {
            var external = Environment.GetEnvironmentVariable(ServerVariable);
            if (!string.IsNullOrWhiteSpace(external))
            {
                launcher._adminConnectionString = new NpgsqlConnectionStringBuilder(external) { Pooling = false }.ConnectionString;
                launcher.Description = $"the server of {ServerVariable}";
            }
            else
            {
                var bin = ThrowawayPostgres.FindBinDirectory() ?? throw new InvalidOperationException(
                    "No PostgreSQL server binaries (initdb, pg_ctl) on PATH or under /usr/lib/postgresql/*/bin. "
                    + $"Install them (apt-get install postgresql) or set {ServerVariable} to a connection string of a server to use.");
                string[] settings = ["-c max_connections=300", Environment.GetEnvironmentVariable(SettingsVariable) ?? string.Empty];
                var server = launcher._server = await ThrowawayPostgres.StartNewAsync(bin, "granary-bench-pg-", settings, cancellationToken);
                launcher._adminConnectionString = server.AdminConnectionString;
                launcher.Description = $"a throwaway PostgreSQL ({server.BinDirectory}) on 127.0.0.1:{server.Port}, settings: {server.ServerOptions}";
            }

            launcher._database = "bench_" + Guid.NewGuid().ToString("N");
            await ThrowawayPostgres.ExecuteAsync(launcher._adminConnectionString, $"CREATE DATABASE \"{launcher._database}\"", cancellationToken);
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

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
        else if (_database.Length > 0)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            foreach (var database in _databases.Append(_database))
            {
                await ThrowawayPostgres.ExecuteAsync(_adminConnectionString, $"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", timeout.Token);
            }
        }
    }
}
