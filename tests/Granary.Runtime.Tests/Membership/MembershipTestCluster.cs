using Granary.Membership;
using Granary.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Granary.Runtime.Tests.Membership;

/// <summary>Membership agents of several silos on one in-memory table, a fake network and one manual clock.</summary>
internal sealed class MembershipTestCluster : IAsyncDisposable
{
    private readonly List<TestSiloAgent> _silos = [];

    public MembershipTestCluster(Action<MembershipOptions>? configure = null, Func<IMembershipTable, IMembershipTable>? wrapTable = null)
    {
        configure?.Invoke(Options);
        Table = wrapTable?.Invoke(Store) ?? Store;
    }

    public ManualTimeProvider Time { get; } = new();

    public InMemoryMembershipTable Store { get; } = new("test");

    public IMembershipTable Table { get; }

    public FakeNetwork Network { get; } = new();

    public MembershipOptions Options { get; } = new();

    public IReadOnlyList<TestSiloAgent> Silos => _silos;

    public static SiloAddress Address(int port, long generation = 1) => new("127.0.0.1", port, generation);

    public async Task<TestSiloAgent> StartSiloAsync(int port, long generation = 1)
    {
        var address = Address(port, generation);
        var lifecycle = new RecordingLifecycleControl();
        var agent = new MembershipAgent(
            Table,
            new LocalSiloDetails(address, $"silo-{port}", "test-host", port + 1000),
            Network.ProberFor(address),
            lifecycle,
            Time,
            Microsoft.Extensions.Options.Options.Create(Options),
            NullLogger<MembershipAgent>.Instance);
        var silo = new TestSiloAgent(address, agent, lifecycle);
        _silos.Add(silo);
        await agent.StartAsync(CancellationToken.None);
        return silo;
    }

    public async Task<IReadOnlyList<TestSiloAgent>> StartSilosAsync(int count)
    {
        for (var i = 0; i < count; i++)
        {
            await StartSiloAsync(11111 + i);
        }

        return _silos;
    }

    /// <summary>Moves the clock in steps, letting the agents' timers fire in between.</summary>
    public void Advance(TimeSpan total, TimeSpan? step = null)
    {
        var size = step ?? TimeSpan.FromMilliseconds(250);
        for (var moved = TimeSpan.Zero; moved < total; moved += size)
        {
            Time.Advance(size <= total - moved ? size : total - moved);
        }
    }

    public async Task<MembershipEntry?> RowAsync(SiloAddress silo)
    {
        var data = await Store.ReadRowAsync(silo, CancellationToken.None);
        return data.TryGet(silo, out var entry, out _) ? entry : null;
    }

    public Task WaitForRowStatusAsync(SiloAddress silo, SiloStatus status) =>
        Eventually.WaitUntilAsync(async () => (await RowAsync(silo))?.Status == status, $"row of {silo} is {status}");

    public async ValueTask DisposeAsync()
    {
        foreach (var silo in _silos)
        {
            await silo.Agent.DisposeAsync();
        }
    }
}
