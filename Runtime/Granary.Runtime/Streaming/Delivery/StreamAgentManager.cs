using Granary.Hosting;
using Granary.Membership;
using Granary.Serialization;
using Granary.Streaming.Queues;
using Microsoft.Extensions.Logging;

namespace Granary.Streaming.Delivery;

/// <summary>
/// Runs a provider's delivery agents on this silo. Per-silo (in-memory) queues: one agent per queue, always.
/// Shared (leased) queues: agents for the queues the membership view assigns to this silo, started and
/// stopped as silos join, leave or die; a newly assigned agent waits for the lease until the previous owner
/// released it, it expired, or that owner is no longer active.
/// </summary>
internal sealed partial class StreamAgentManager(
    StreamProvider provider,
    StreamDeliveryOptions options,
    IGrainFactory grainFactory,
    IDeepCopier copier,
    TimeProvider time,
    ILoggerFactory loggerFactory,
    ILocalSiloDetails? localSilo,
    IClusterMembershipService? membership) : ISiloService, IAsyncDisposable
{
    private readonly ILogger _logger = loggerFactory.CreateLogger<StreamAgentManager>();
    private readonly Dictionary<int, AgentRun> _agents = [];
    private readonly Dictionary<int, Task> _retiring = [];
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _killed = new();
    private readonly CancellationTokenSource _stopping = new();
    // Null on a lone silo: no other silo can be alive, so any other lease holder is an earlier process.
    private IReadOnlyCollection<string>? _deadSilos;
    private Task _watching = Task.CompletedTask;

    /// <summary>The queues this silo's agents drain now.</summary>
    public IReadOnlyList<int> RunningQueues
    {
        get
        {
            lock (_lock)
            {
                return [.. _agents.Keys.Order()];
            }
        }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var adapter = provider.Adapter;
        if (!adapter.IsShared || localSilo is null || membership is null)
        {
            // Own queues, or a lone silo: every queue is this silo's (an empty active list lets it take any lease).
            Assign(Enumerable.Range(0, adapter.QueueCount).ToList());
            return Task.CompletedTask;
        }

        Apply(membership.CurrentSnapshot);
        _watching = WatchAsync(membership, _stopping.Token);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await IgnoreCancellationAsync(_watching).ConfigureAwait(false);
        var runs = TakeAll(out var retiring);
        foreach (var run in runs)
        {
            await run.Stopping.CancelAsync().ConfigureAwait(false);
        }

        // A stop that outlives the host's shutdown budget turns into a kill: redelivery later, never loss.
        await using var registration = cancellationToken.Register(static s => ((CancellationTokenSource)s!).Cancel(), _killed).ConfigureAwait(false);
        await Task.WhenAll(runs.Select(r => r.Task).Concat(retiring)).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (_killed.IsCancellationRequested)
        {
            return;
        }

        await _killed.CancelAsync().ConfigureAwait(false);
        await _stopping.CancelAsync().ConfigureAwait(false);
        var runs = TakeAll(out var retiring);
        await Task.WhenAll(runs.Select(r => r.Task).Concat(retiring).Append(IgnoreCancellationAsync(_watching))).ConfigureAwait(false);
    }

    private AgentRun[] TakeAll(out Task[] retiring)
    {
        lock (_lock)
        {
            AgentRun[] runs = [.. _agents.Values];
            _agents.Clear();
            retiring = [.. _retiring.Values];
            _retiring.Clear();
            return runs;
        }
    }

    private async Task WatchAsync(IClusterMembershipService clusterMembership, CancellationToken cancellationToken)
    {
        await foreach (var snapshot in clusterMembership.MembershipUpdates(cancellationToken).ConfigureAwait(false))
        {
            Apply(snapshot);
        }
    }

    private void Apply(ClusterMembershipSnapshot snapshot)
    {
        // Leases are taken only from silos the view declared dead: a silo that is shutting down still finishes,
        // checkpoints and releases its batches, and one that joined after this view was read is alive too.
        Volatile.Write(ref _deadSilos, [.. snapshot.Members.Values.Where(m => m.Status == SiloStatus.Dead).Select(m => m.SiloAddress.ToString())]);
        Assign(StreamQueueAssignment.For(localSilo!.SiloAddress, snapshot.ActiveSilos, provider.Adapter.QueueCount));
    }

    private void Assign(IReadOnlyList<int> queues)
    {
        lock (_lock)
        {
            if (_stopping.IsCancellationRequested)
            {
                return;
            }

            if (_agents.Count == queues.Count && queues.All(_agents.ContainsKey))
            {
                return;
            }

            foreach (var queue in _agents.Keys.Except(queues).ToList())
            {
                // Hand over: the agent finishes its batch, checkpoints and releases the lease.
                _agents.Remove(queue, out var run);
                run!.Stopping.Cancel();
                _retiring[queue] = run.Task;
            }

            foreach (var queue in queues.Where(q => !_agents.ContainsKey(q)))
            {
                // A queue handed back before its previous agent finished waits for it: one agent per queue at a time.
                _agents[queue] = StartAgent(queue, _retiring.Remove(queue, out var previous) ? previous : Task.CompletedTask);
            }

            LogAssigned(_logger, provider.Name, string.Join(",", _agents.Keys.Order()));
        }
    }

    private AgentRun StartAgent(int queueId, Task previous)
    {
        var stopping = new CancellationTokenSource();
        var receiver = provider.Adapter.CreateReceiver(queueId);
        var agent = new StreamQueueAgent(
            provider,
            receiver,
            options,
            () => Volatile.Read(ref _deadSilos),
            grainFactory,
            copier,
            time,
            _logger);
        var task = Task.Run(async () =>
        {
            await previous.ConfigureAwait(false);
            await RunAgentAsync(agent, receiver, stopping).ConfigureAwait(false);
        });
        return new AgentRun(task, stopping);
    }

    private async Task RunAgentAsync(StreamQueueAgent agent, IStreamQueueReceiver receiver, CancellationTokenSource stopping)
    {
        try
        {
            await agent.RunAsync(stopping.Token, _killed.Token).ConfigureAwait(false);
        }
        finally
        {
            await receiver.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static async Task IgnoreCancellationAsync(Task task)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The watch loop ends with the silo.
        }
    }

    [LoggerMessage(EventId = EventIds.StreamAgentsAssigned, Level = LogLevel.Information,
        Message = "Stream provider {Provider}: this silo drains queues [{Queues}].")]
    private static partial void LogAssigned(ILogger logger, string provider, string queues);

    private sealed record AgentRun(Task Task, CancellationTokenSource Stopping);
}
