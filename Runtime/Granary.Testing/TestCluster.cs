using Granary.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Granary.Testing;

/// <summary>
/// Silos hosted in the test process. Build with <see cref="TestClusterBuilder"/>, start with
/// <see cref="DeployAsync"/>, and dispose to stop everything.
/// </summary>
public sealed class TestCluster : IAsyncDisposable
{
    private readonly TestClusterOptions _options;
    private readonly Action<ISiloBuilder>[] _configurators;
    private readonly List<TestSilo> _silos = [];
    private int _siloCounter;

    internal TestCluster(TestClusterOptions options, Action<ISiloBuilder>[] configurators)
    {
        _options = options;
        _configurators = configurators;
    }

    public IReadOnlyList<TestSilo> Silos => _silos;

    public TestSilo Primary => _silos.Count > 0 ? _silos[0] : throw new InvalidOperationException("The cluster is not deployed.");

    /// <summary>A grain factory for test code (the primary silo's).</summary>
    public IGrainFactory GrainFactory => Primary.GrainFactory;

    /// <summary>Alias of <see cref="GrainFactory"/>, as Orleans tests call it.</summary>
    public IGrainFactory Client => GrainFactory;

    public async Task DeployAsync()
    {
        for (var i = 0; i < _options.InitialSilosCount; i++)
        {
            _silos.Add(await StartSiloAsync().ConfigureAwait(false));
        }
    }

    /// <summary>Stops the silo gracefully: its activations deactivate and persist what they persist.</summary>
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

    /// <summary>Stops <paramref name="silo"/> gracefully and starts a fresh one in its place, with the same configuration.</summary>
    public async Task<TestSilo> RestartSiloAsync(TestSilo silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        await StopSiloAsync(silo).ConfigureAwait(false);
        var index = _silos.IndexOf(silo);
        var replacement = await StartSiloAsync().ConfigureAwait(false);
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

    public async Task StopAllSilosAsync()
    {
        foreach (var silo in _silos)
        {
            await StopSiloAsync(silo).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync() => await StopAllSilosAsync().ConfigureAwait(false);

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
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.UseGranary(silo =>
        {
            foreach (var configure in _configurators)
            {
                configure(silo);
            }
        });

        var host = builder.Build();
        using var timeout = new CancellationTokenSource(_options.StartStopTimeout);
        await host.StartAsync(timeout.Token).ConfigureAwait(false);
        return new TestSilo(name, host) { IsRunning = true };
    }
}
