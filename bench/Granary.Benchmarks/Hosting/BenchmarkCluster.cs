using System.Diagnostics;
using Granary.Membership;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Granary.Benchmarks.Hosting;

/// <summary>
/// The cluster of a multi-process scenario: a fresh temp folder with the shared SQLite files, the driver silo
/// hosted in this process (the load generator; the runtime has no standalone cluster client yet) and silo
/// child processes. Disposing stops the driver, kills every child still running and deletes the folder.
/// </summary>
internal sealed class BenchmarkCluster : IAsyncDisposable
{
    /// <summary>Generous: a silo process starts in well under a second on an idle machine.</summary>
    public static readonly TimeSpan ReadyDeadline = TimeSpan.FromSeconds(60);

    private readonly string _scenario;
    private readonly BenchmarkOptions _options;
    private readonly TextWriter _info;
    private readonly List<SiloProcess> _children = [];
    private IHost? _driver;

    private BenchmarkCluster(string scenario, BenchmarkOptions options, TextWriter info)
    {
        _scenario = scenario;
        _options = options;
        _info = info;
        Directory = System.IO.Directory.CreateTempSubdirectory("granary-cluster-").FullName;
        ClusterDb = Path.Combine(Directory, "cluster.db");
        StorageDb = Path.Combine(Directory, "state.db");
    }

    public string Directory { get; }

    public string ClusterDb { get; }

    public string StorageDb { get; }

    public IHost Driver => _driver ?? throw new InvalidOperationException("The driver silo is not started.");

    public IGrainFactory GrainFactory => Driver.Services.GetRequiredService<IGrainFactory>();

    public string DriverAddress => Driver.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress.ToString();

    public IClusterMembershipService Membership => Driver.Services.GetRequiredService<IClusterMembershipService>();

    /// <summary>Starts the driver silo in this process.</summary>
    public static async Task<BenchmarkCluster> StartAsync(string scenario, BenchmarkOptions options, TextWriter info, CancellationToken cancellationToken)
    {
        var cluster = new BenchmarkCluster(scenario, options, info);
        try
        {
            cluster._driver = await ClusterSilo.StartAsync("driver", ClusterSilo.FreePort(), cluster.ClusterDb, cluster.StorageDb, options.Settings, cancellationToken);
            if (options.Settings.Count > 0)
            {
                info.WriteLine($"info: configuration overrides on every silo: {string.Join(", ", options.Settings.Select(s => $"{s.Key}={s.Value}"))}");
            }

            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts a silo process; waits for its ready line unless told not to.</summary>
    public async Task<SiloProcess> StartSiloProcessAsync(string name, CancellationToken cancellationToken, bool waitReady = true)
    {
        var silo = SiloProcess.Start(_scenario, name, ClusterDb, StorageDb, _options, _info);
        _children.Add(silo);
        if (waitReady)
        {
            await silo.WaitReadyAsync(ReadyDeadline, cancellationToken);
            _info.WriteLine($"info: {name} ready at {silo.Address}, started in {silo.StartupSeconds:0.000} s (its own measure)");
        }

        return silo;
    }

    /// <summary>Waits until the driver's membership view lists exactly <paramref name="addresses"/> as active.</summary>
    public async Task WaitForActiveSilosAsync(IEnumerable<string> addresses, CancellationToken cancellationToken)
    {
        var expected = addresses.Order(StringComparer.Ordinal).ToArray();
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var active = Membership.CurrentSnapshot.ActiveSilos.Select(a => a.ToString()).Order(StringComparer.Ordinal).ToArray();
            if (active.SequenceEqual(expected))
            {
                return;
            }

            if (deadline.Elapsed > ReadyDeadline)
            {
                throw new TimeoutException($"The driver's view never became [{string.Join(", ", expected)}]; it is {Membership.CurrentSnapshot}.");
            }

            await Task.Delay(20, cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_driver is not null)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
                await _driver.StopAsync(timeout.Token);
            }
            catch (Exception exception)
            {
                _info.WriteLine($"info: the driver silo did not stop cleanly: {exception.GetType().Name}: {exception.Message}");
            }

            _driver.Dispose();
        }

        foreach (var child in _children)
        {
            child.Dispose();
        }

        SqliteConnection.ClearAllPools();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException exception)
        {
            _info.WriteLine($"info: could not delete {Directory}: {exception.Message}");
        }
    }
}
