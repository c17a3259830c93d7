using System.Runtime.CompilerServices;
using Granary.Membership;
using Microsoft.Extensions.Options;

namespace Granary.Client;

/// <summary>
/// A client's view of the cluster: the membership table, re-read periodically and on demand (after a call
/// could not be delivered). The client takes no part in the protocol; it only reads.
/// </summary>
internal sealed class ClientMembershipView(IMembershipTable table, TimeProvider time, IOptions<ClientOptions> options)
    : IClusterMembershipService, IAsyncDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _lock = new();
    private ClusterMembershipSnapshot _current = ClusterMembershipSnapshot.Empty;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _polling = Task.CompletedTask;
    private int _disposed;

    public ClusterMembershipSnapshot CurrentSnapshot => Volatile.Read(ref _current);

    /// <summary>Reads the table once (so start-up fails clearly if it cannot be read), then keeps reading.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await RefreshAsync(cancellationToken).ConfigureAwait(false);
        _polling = PollAsync(_stopping.Token);
    }

    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var data = await table.ReadAllAsync(cancellationToken).ConfigureAwait(false);
        var snapshot = new ClusterMembershipSnapshot(
            data.Version.Version,
            data.Entries.Select(e => new ClusterMember(e.Entry.SiloAddress, e.Entry.Status, e.Entry.SiloName, e.Entry.HostName, e.Entry.GatewayPort)));
        TaskCompletionSource? changed = null;
        lock (_lock)
        {
            if (snapshot.Version > _current.Version)
            {
                _current = snapshot;
                changed = _changed;
                _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }

        changed?.TrySetResult();
    }

    public async IAsyncEnumerable<ClusterMembershipSnapshot> MembershipUpdates([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (true)
        {
            Task next;
            ClusterMembershipSnapshot current;
            lock (_lock)
            {
                current = _current;
                next = _changed.Task;
            }

            yield return current;
            await next.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    // Registered under two service types, so the container may dispose it twice.
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            await _polling.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }

        _stopping.Dispose();
    }

    private async Task PollAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            await Task.Delay(options.Value.MembershipRefreshPeriod, time, cancellationToken).ConfigureAwait(false);
            try
            {
                await RefreshAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (MembershipTableException)
            {
                // The table is briefly unreachable: keep the last view and try again next period.
            }
        }
    }
}
