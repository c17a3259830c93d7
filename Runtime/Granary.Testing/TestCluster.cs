using System.Net;
using System.Net.Sockets;
using Granary.Hosting;
using Granary.Membership;
using Granary.Networking;
using Granary.Reminders;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Granary.Testing;

/// <summary>
/// Silos hosted in the test process. A clustered test cluster connects them over real loopback TCP and
/// a shared membership table, and can add, stop (gracefully) and kill (abruptly) silos. Build with
/// <see cref="TestClusterBuilder"/>, start with <see cref="DeployAsync"/>, dispose to stop everything.
/// </summary>
public sealed class TestCluster : IAsyncDisposable
{
    private readonly TestClusterOptions _options;
    private readonly Action<ISiloBuilder>[] _configurators;
    private readonly List<TestSilo> _silos = [];
    private readonly InMemoryMembershipTable _membershipTable = new($"test-{Guid.NewGuid():N}");
    private readonly InMemoryReminderTable _reminderTable = new();
    private int _siloCounter;

    internal TestCluster(TestClusterOptions options, Action<ISiloBuilder>[] configurators)
    {
        _options = options;
        _configurators = configurators;
    }

    /// <summary>The membership table of a clustered test cluster (in memory), for clients to find the silos.</summary>
    public InMemoryMembershipTable MembershipTable => _membershipTable;

    /// <summary>
    /// The reminder table every silo's <c>UseInMemoryReminderService()</c> shares, so a reminder outlives the silo that
    /// registered it (killed, stopped or restarted).
    /// </summary>
    public InMemoryReminderTable ReminderTable => _reminderTable;

    /// <summary>Cuts silos off from membership probes, to test failure detection without killing them.</summary>
    public NetworkPartition Partition { get; } = new();

    /// <summary>Every silo started so far, running or not.</summary>
    public IReadOnlyList<TestSilo> Silos => _silos;

    public IReadOnlyList<TestSilo> RunningSilos => [.. _silos.Where(s => s.IsRunning)];

    public TestSilo Primary => _silos.FirstOrDefault(s => s.IsRunning) ?? throw new InvalidOperationException("No silo is running.");

    /// <summary>A grain factory for test code (the first running silo's).</summary>
    public IGrainFactory GrainFactory => Primary.GrainFactory;

    /// <summary>Alias of <see cref="GrainFactory"/>, as Orleans tests call it.</summary>
    public IGrainFactory Client => GrainFactory;

    public async Task DeployAsync()
    {
        for (var i = 0; i < _options.InitialSilosCount; i++)
        {
            await StartAdditionalSiloAsync().ConfigureAwait(false);
        }

        if (_options.Clustered)
        {
            await WaitForStableMembershipAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Starts one more silo; in a clustered test cluster it joins the others.</summary>
    public async Task<TestSilo> StartAdditionalSiloAsync()
    {
        if (!_options.Clustered && _silos.Any(s => s.IsRunning))
        {
            throw new InvalidOperationException("An unclustered test cluster hosts one silo; set Options.Clustered to add more.");
        }

        var silo = await StartSiloAsync().ConfigureAwait(false);
        _silos.Add(silo);
        return silo;
    }

    /// <summary>Stops the silo gracefully: its activations deactivate, and in a cluster it hands its grains over and leaves.</summary>
    public async Task StopSiloAsync(TestSilo silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        if (!silo.IsRunning)
        {
            return;
        }

        using var timeout = new CancellationTokenSource(_options.StartStopTimeout);
        await silo.Host.StopAsync(timeout.Token).ConfigureAwait(false);
        silo.IsRunning = false;
        silo.Host.Dispose();
    }

    /// <summary>Stops the silo abruptly, like kill -9: nothing is persisted or announced; the others must detect it.</summary>
    public async Task KillSiloAsync(TestSilo silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        if (!silo.IsRunning)
        {
            return;
        }

        silo.IsRunning = false;
        silo.Kill();
        if (silo.Host is IAsyncDisposable asyncHost)
        {
            await asyncHost.DisposeAsync().ConfigureAwait(false);
        }
        else
        {
            silo.Host.Dispose();
        }
    }

    /// <summary>Stops <paramref name="silo"/> gracefully and starts a fresh one in its place, with the same configuration.</summary>
    public async Task<TestSilo> RestartSiloAsync(TestSilo silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        await StopSiloAsync(silo).ConfigureAwait(false);
        var replacement = await StartSiloAsync().ConfigureAwait(false);
        var index = _silos.IndexOf(silo);
        if (index >= 0)
        {
            _silos[index] = replacement;
        }
        else
        {
            _silos.Add(replacement);
        }

        return replacement;
    }

    /// <summary>
    /// Waits until every running silo's membership view lists exactly the running silos as active (killed
    /// ones detected and declared dead, stopped ones gone), so tests start from a settled cluster.
    /// </summary>
    public Task WaitForStableMembershipAsync(TimeSpan? timeout = null) =>
        Eventually.WaitUntilAsync(IsMembershipStable, "every running silo sees exactly the running silos as active", timeout);

    public async Task StopAllSilosAsync()
    {
        foreach (var silo in _silos.ToList())
        {
            await StopSiloAsync(silo).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync() => await StopAllSilosAsync().ConfigureAwait(false);

    private bool IsMembershipStable()
    {
        var running = RunningSilos.Select(s => s.SiloAddress).OrderBy(a => a).ToList();
        return RunningSilos.All(silo => silo.MembershipSnapshot is { } view && view.ActiveSilos.SequenceEqual(running));
    }

    private async Task<TestSilo> StartSiloAsync()
    {
        var name = $"silo-{Interlocked.Increment(ref _siloCounter)}";
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            EnvironmentName = Environments.Development,
            ApplicationName = name,
        });
        builder.Configuration.AddInMemoryCollection(_options.Configuration);
        if (_options.Clustered)
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Granary:Networking:Port"] = FreeLoopbackPort().ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Granary:Networking:BindAddress"] = "127.0.0.1",
                ["Granary:Silo:Name"] = name,
            });
        }

        // GRANARY_TEST_LOG=Debug (or any LogLevel) shows the silos' logs on the console while debugging a test.
        if (Enum.TryParse<LogLevel>(Environment.GetEnvironmentVariable("GRANARY_TEST_LOG"), ignoreCase: true, out var level))
        {
            builder.Logging.AddSimpleConsole(options => options.SingleLine = true).SetMinimumLevel(level);
        }
        else
        {
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
        }

        builder.UseGranary(silo =>
        {
            silo.Services.AddSingleton(_reminderTable);
            foreach (var configure in _configurators)
            {
                configure(silo);
            }

            if (_options.Clustered && !silo.Services.Any(d => d.ServiceType == typeof(IMembershipTable)))
            {
                silo.UseInMemoryClustering(_membershipTable);
            }

            if (_options.Clustered)
            {
                silo.Services.AddSingleton<ISiloProber>(sp => new PartitionedSiloProber(
                    new SiloProber(new SiloProbeClient(
                        sp.GetRequiredService<ConnectionManager>(), sp.GetRequiredService<IOptions<NetworkingOptions>>().Value)),
                    Partition,
                    sp.GetRequiredService<ILocalSiloDetails>()));
            }
        });

        var host = builder.Build();
        using var timeout = new CancellationTokenSource(_options.StartStopTimeout);
        await host.StartAsync(timeout.Token).ConfigureAwait(false);
        return new TestSilo(name, host) { IsRunning = true };
    }

    // The OS picks a free port; the silo binds it right after (a tiny race the loopback range makes harmless).
    private static int FreeLoopbackPort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
