using Granary.Membership;
using Granary.Networking;

namespace Granary.Runtime.Tests.Networking;

public sealed class SiloProbeClientTests
{
    [Fact]
    public async Task A_listening_silo_answers_its_probe_even_when_its_handler_is_busy()
    {
        await using var listener = NetworkTestNode.StartListener("silo-b@7", new HoldingHandler());
        await using var manager = NetworkTestNode.Manager("silo-a@1");
        var prober = new SiloProbeClient(manager, NetworkTestNode.Options());

        Assert.True(await prober.ProbeAsync(listener.LocalEndPoint!, CancellationToken.None).WaitAsync(NetworkTestNode.Deadline));
        Assert.True(await prober.ProbeAsync(listener.LocalEndPoint!, "silo-b@7", CancellationToken.None).WaitAsync(NetworkTestNode.Deadline));
        Assert.False(await prober.ProbeAsync(listener.LocalEndPoint!, "silo-b@6", CancellationToken.None).WaitAsync(NetworkTestNode.Deadline));
    }

    [Fact]
    public async Task A_probe_of_a_closed_port_fails()
    {
        await using var manager = NetworkTestNode.Manager("silo-a@1");
        var prober = new SiloProbeClient(manager, NetworkTestNode.Options());

        Assert.False(await prober.ProbeAsync(ConnectionManagerTests.FreeLoopbackEndPoint(), CancellationToken.None).WaitAsync(NetworkTestNode.Deadline));
    }

    [Fact]
    public async Task A_probe_of_a_killed_silo_fails()
    {
        var listener = NetworkTestNode.StartListener("silo-b@7", new EchoHandler());
        await using var manager = NetworkTestNode.Manager("silo-a@1");
        var prober = new SiloProbeClient(manager, NetworkTestNode.Options());
        Assert.True(await prober.ProbeAsync(listener.LocalEndPoint!, CancellationToken.None));

        await listener.DisposeAsync();

        Assert.False(await prober.ProbeAsync(listener.LocalEndPoint!, CancellationToken.None).WaitAsync(NetworkTestNode.Deadline));
    }

    [Fact]
    public async Task The_membership_prober_checks_the_generation_of_the_silo_it_reaches()
    {
        await using var listener = NetworkTestNode.StartListener("pending", new EchoHandler());
        var port = listener.LocalEndPoint!.Port;
        await listener.DisposeAsync();
        var current = new SiloAddress("127.0.0.1", port, 2);
        await using var restarted = NetworkTestNode.StartListener(current.ToString(), new EchoHandler(), NetworkTestNode.Options(o => o.Port = port));
        await using var manager = NetworkTestNode.Manager("127.0.0.1:1@1");
        ISiloProber prober = new SiloProber(new SiloProbeClient(manager, NetworkTestNode.Options()));

        Assert.True(await prober.ProbeAsync(current, CancellationToken.None).WaitAsync(NetworkTestNode.Deadline));
        Assert.False(await prober.ProbeAsync(new SiloAddress("127.0.0.1", port, 1), CancellationToken.None).WaitAsync(NetworkTestNode.Deadline));
    }
}
