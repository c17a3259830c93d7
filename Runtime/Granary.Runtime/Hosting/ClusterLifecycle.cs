using Granary.Membership;
using Granary.Messaging;
using Granary.Networking;
using Granary.Placement;
using Microsoft.Extensions.Logging;

namespace Granary.Hosting;

/// <summary>
/// The cluster half of a silo's life: listen, join the membership table, keep the placement view and
/// connections in step with membership, and on a graceful stop leave in the order that loses no call
/// (announce shutting down, let activations hand over, drain connections, then leave the table).
/// </summary>
internal sealed partial class ClusterLifecycle(
    ConnectionListener listener,
    ConnectionManager connections,
    MembershipAgent membership,
    GrainLocator locator,
    ActivationRebalancer rebalancer,
    SiloEndpoints endpoints,
    GrainCallRouter router,
    ILogger<ClusterLifecycle> logger) : IAsyncDisposable
{
    // Taking the router makes sure it exists (and re-routes deactivated calls) before the first call.
    private readonly GrainCallRouter _router = router;

    private readonly CancellationTokenSource _stopping = new();
    private Task _watching = Task.CompletedTask;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        listener.Start();
        await membership.StartAsync(cancellationToken).ConfigureAwait(false);
        Apply(membership.CurrentSnapshot);
        _watching = WatchMembershipAsync(_stopping.Token);
        LogJoined(logger, membership.SiloAddress, locator.Snapshot.ActiveSilos.Count);
    }

    /// <summary>Marks this silo as shutting down, so every silo (this one included) routes new calls elsewhere.</summary>
    public async Task BeginShutdownAsync(CancellationToken cancellationToken)
    {
        LogLeaving(logger, membership.SiloAddress);
        await membership.BeginShutdownAsync(cancellationToken).ConfigureAwait(false);
        await membership.RefreshAsync(cancellationToken).ConfigureAwait(false);
        Apply(membership.CurrentSnapshot);
    }

    /// <summary>After activations have deactivated: drain and close connections, then leave the table.</summary>
    public async Task CompleteShutdownAsync(CancellationToken cancellationToken)
    {
        await Task.WhenAll(listener.ShutdownAsync(cancellationToken), connections.ShutdownAsync(cancellationToken)).ConfigureAwait(false);
        await membership.LeaveAsync(cancellationToken).ConfigureAwait(false);
        await StopWatchingAsync().ConfigureAwait(false);
    }

    /// <summary>Stops at once, as a crash would: no table writes, sockets aborted.</summary>
    public void Kill()
    {
        membership.Abort();
        listener.Abort();
        _stopping.Cancel();
    }

    public async ValueTask DisposeAsync()
    {
        await StopWatchingAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }

    private async Task StopWatchingAsync()
    {
        if (!_stopping.IsCancellationRequested)
        {
            await _stopping.CancelAsync().ConfigureAwait(false);
        }

        try
        {
            await _watching.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Expected: the watch loop ends with the silo.
        }
    }

    private async Task WatchMembershipAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var snapshot in membership.MembershipUpdates(cancellationToken).ConfigureAwait(false))
            {
                Apply(snapshot);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The silo is stopping.
        }
        catch (Exception exception)
        {
            LogWorkFailed(logger, exception);
        }
    }

    private void Apply(ClusterMembershipSnapshot snapshot)
    {
        if (!locator.Update(snapshot))
        {
            return;
        }

        // Calls pending on a silo the cluster declared dead fail now rather than at their timeout.
        foreach (var member in snapshot.Members.Values)
        {
            if (member.Status == SiloStatus.Dead && !member.SiloAddress.Equals(membership.SiloAddress))
            {
                connections.Abort(endpoints.Get(member.SiloAddress));
            }
        }

        var moved = rebalancer.Rebalance();
        LogApplied(logger, snapshot.Version, snapshot.ActiveSilos.Count, moved);
    }

    [LoggerMessage(EventId = EventIds.ClusterJoined, Level = LogLevel.Information, Message = "Silo {Silo} joined the cluster; {ActiveCount} active silos.")]
    private static partial void LogJoined(ILogger logger, SiloAddress silo, int activeCount);

    [LoggerMessage(EventId = EventIds.ClusterMembershipApplied, Level = LogLevel.Debug,
        Message = "Membership v{Version} applied: {ActiveCount} active silos, {Moved} activations handed over.")]
    private static partial void LogApplied(ILogger logger, long version, int activeCount, int moved);

    [LoggerMessage(EventId = EventIds.ClusterLeaving, Level = LogLevel.Information, Message = "Silo {Silo} is leaving the cluster.")]
    private static partial void LogLeaving(ILogger logger, SiloAddress silo);

    [LoggerMessage(EventId = EventIds.ClusterWorkFailed, Level = LogLevel.Error, Message = "Following membership changes failed.")]
    private static partial void LogWorkFailed(ILogger logger, Exception exception);
}
