using Granary.Benchmarks.Grains;
using Granary.Benchmarks.Measurement;

namespace Granary.Benchmarks.Hosting;

/// <summary>
/// Silo processes of one cluster on PostgreSQL (a throwaway server, or a database on <c>GRANARY_TEST_POSTGRES</c>)
/// and a client process-side <see cref="BenchClient"/> that finds them through the membership table.
/// Disposing kills the silos still running and drops the database (or the server).
/// </summary>
internal sealed class PostgresCluster : IAsyncDisposable
{
    private static readonly TimeSpan ReadyDeadline = TimeSpan.FromSeconds(90);

    private readonly PostgresLauncher _postgres;
    private readonly BenchmarkOptions _options;
    private readonly TextWriter _info;
    private readonly List<SiloProcess> _silos = [];
    private readonly DatabaseConnectionSampler _connections;
    private BenchClient? _client;

    private PostgresCluster(PostgresLauncher postgres, BenchmarkOptions options, TextWriter info)
    {
        _postgres = postgres;
        _options = options;
        _info = info;
        ClusterId = "bench-" + Guid.NewGuid().ToString("N")[..8];
        _connections = new DatabaseConnectionSampler(postgres.ConnectionString);
    }

    public string ClusterId { get; }

    public string ConnectionString => _postgres.ConnectionString;

    /// <summary>The most server connections the cluster (silos and client) held at once so far.</summary>
    public int MaxDatabaseConnections => _connections.Max;

    /// <summary>The figure every cluster scenario reports beside its own.</summary>
    public BenchmarkResult ConnectionsResult() => new("db_connections_max", MaxDatabaseConnections, "connections", "0");

    public IClusterClient Client => _client?.Client ?? throw new InvalidOperationException("No client connected yet.");

    public static async Task<PostgresCluster> StartAsync(BenchmarkOptions options, TextWriter info, CancellationToken cancellationToken)
    {
        var postgres = await PostgresLauncher.StartAsync(cancellationToken);
        info.WriteLine($"info: PostgreSQL: {postgres.Description}");
        return new PostgresCluster(postgres, options, info);
    }

    /// <summary>The settings a silo named <paramref name="name"/> gets (for a caller that starts it itself).</summary>
    public SiloSettings SettingsFor(string name) => SiloSettings.Postgres(name, _postgres.ConnectionString, ClusterId, _options);

    /// <summary>Starts silo processes in parallel and waits until each has started its host.</summary>
    public Task<SiloProcess[]> StartSilosAsync(IEnumerable<string> names, CancellationToken cancellationToken) =>
        StartSilosAsync(names.Select(SettingsFor), cancellationToken);

    /// <summary>Starts silo processes in parallel and waits until each has started its host.</summary>
    public async Task<SiloProcess[]> StartSilosAsync(IEnumerable<SiloSettings> silos, CancellationToken cancellationToken)
    {
        var started = silos.Select(settings => Track(SiloProcess.StartBenchSilo(settings, _info))).ToArray();
        await Task.WhenAll(started.Select(silo => silo.WaitReadyAsync(ReadyDeadline, cancellationToken)));
        foreach (var silo in started)
        {
            _info.WriteLine($"info: {silo.Name} ready {silo.StartupSeconds:0.00} s after its process started");
        }

        return started;
    }

    /// <summary>Starts a silo process without waiting for it.</summary>
    public SiloProcess StartSilo(string name) => Track(SiloProcess.StartBenchSilo(SettingsFor(name), _info));

    /// <summary>Connects the client through the membership table (every silo's gateway).</summary>
    public async Task ConnectClientAsync(CancellationToken cancellationToken)
    {
        _client = await BenchClient.ConnectPostgresAsync(_postgres.ConnectionString, ClusterId, cancellationToken);
    }

    /// <summary>Connects the client to one gateway only.</summary>
    public async Task ConnectClientAsync(int gatewayPort, CancellationToken cancellationToken)
    {
        _client = await BenchClient.ConnectLocalhostAsync(gatewayPort, ClusterId, TimeSpan.FromSeconds(30), cancellationToken);
    }

    /// <summary>Calls fresh probe grains until <paramref name="silos"/> silos have each hosted some (every silo has joined placement).</summary>
    public async Task WaitForPlacementOnAsync(int silos, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(60));
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (seen.Count < silos)
        {
            var places = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Client.GetGrain<IProbeGrain>(Guid.NewGuid()).WhereAsync()));
            seen.UnionWith(places);
            if (seen.Count < silos)
            {
                await Task.Delay(100, deadline.Token);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _connections.DisposeAsync();
        foreach (var silo in _silos)
        {
            silo.Dispose();
        }

        if (_client is not null)
        {
            await _client.DisposeAsync();
        }

        await _postgres.DisposeAsync();
    }

    private SiloProcess Track(SiloProcess silo)
    {
        _silos.Add(silo);
        return silo;
    }
}
