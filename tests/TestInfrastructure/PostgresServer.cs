using Npgsql;

namespace Granary.TestInfrastructure;

/// <summary>
/// Gives tests a PostgreSQL database. When <c>GRANARY_TEST_POSTGRES</c> holds a connection string that server is
/// used; otherwise a <see cref="ThrowawayPostgres"/> server is created with <c>initdb</c> in a temporary folder,
/// listening on a free loopback port, and deleted on dispose. Each fixture gets a fresh database
/// (<see cref="ConnectionString"/>); <see cref="CreateDatabaseAsync"/> makes more. A throwaway server can be stopped
/// and started again.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    public const string EnvironmentVariable = "GRANARY_TEST_POSTGRES";

    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(3);

    // Speed over durability: a test server's data is thrown away anyway.
    private static readonly string[] ServerSettings =
    [
        "-c max_connections=200",
        "-c fsync=off",
        "-c synchronous_commit=off",
        "-c full_page_writes=off",
    ];

    private readonly List<string> _databases = [];
    private string _adminConnectionString = string.Empty;
    private ThrowawayPostgres? _server;

    /// <summary>A connection string to this fixture's own, initially empty database.</summary>
    public string ConnectionString { get; private set; } = string.Empty;

    /// <summary>True when this fixture started the server itself, so <see cref="StopAsync"/>/<see cref="StartAsync"/> work.</summary>
    public bool IsThrowaway => _server is not null;

    /// <summary>The folder holding <c>psql</c>, <c>pg_ctl</c> and friends, when known.</summary>
    public string? BinDirectory => _server?.BinDirectory ?? ThrowawayPostgres.FindBinDirectory();

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
            var bin = ThrowawayPostgres.FindBinDirectory() ?? throw new InvalidOperationException(
                "No PostgreSQL server binaries (initdb, pg_ctl) were found on PATH or under /usr/lib/postgresql/*/bin. "
                + $"Install the 'postgresql' package (apt-get install postgresql) or set {EnvironmentVariable} to a connection string.");
            _server = await ThrowawayPostgres.StartNewAsync(bin, "granary-pg-", ServerSettings, timeout.Token);
            _adminConnectionString = _server.AdminConnectionString;
        }

        ConnectionString = await CreateDatabaseAsync(timeout.Token);
    }

    /// <summary>Creates a fresh empty database and returns a connection string to it.</summary>
    public async Task<string> CreateDatabaseAsync(CancellationToken cancellationToken = default)
    {
        var name = "test_" + Guid.NewGuid().ToString("N");
        await ThrowawayPostgres.ExecuteAsync(_adminConnectionString, $"CREATE DATABASE \"{name}\"", cancellationToken);
        lock (_databases)
        {
            _databases.Add(name);
        }

        return new NpgsqlConnectionStringBuilder(_adminConnectionString) { Database = name, Pooling = true }.ConnectionString;
    }

    /// <summary>Stops the throwaway server (fast shutdown: open sessions are terminated).</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default) => await Throwaway().StopAsync(cancellationToken);

    /// <summary>Starts the throwaway server again on the same port and data.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default) => await Throwaway().StartAsync(cancellationToken);

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            // The whole server goes, databases and all.
            await _server.DisposeAsync();
            return;
        }

        string[] databases;
        lock (_databases)
        {
            databases = [.. _databases];
        }

        NpgsqlConnection.ClearAllPools();
        using var timeout = new CancellationTokenSource(CommandTimeout);
        foreach (var database in databases)
        {
            await ThrowawayPostgres.ExecuteAsync(_adminConnectionString, $"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", timeout.Token);
        }
    }

    private ThrowawayPostgres Throwaway() => _server
        ?? throw new InvalidOperationException($"The server from {EnvironmentVariable} is not this fixture's to stop or start.");
}
