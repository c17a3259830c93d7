using System.Runtime.CompilerServices;

namespace Granary.Membership;

internal sealed partial class MembershipAgent
{
    // The newest published snapshot; each node completes its Next when a newer one replaces it (null at the end).
    private SnapshotNode _head;

    public ClusterMembershipSnapshot CurrentSnapshot
    {
        get
        {
            lock (_lock)
            {
                return _head.Snapshot;
            }
        }
    }

    public async IAsyncEnumerable<ClusterMembershipSnapshot> MembershipUpdates([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        SnapshotNode? node;
        lock (_lock)
        {
            node = _head;
        }

        while (node is not null)
        {
            yield return node.Snapshot;
            node = await node.Next.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Reads the whole table, publishes it if newer, and stops this silo if its own row says it is dead.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var data = await ReadAndPublishAsync(cancellationToken).ConfigureAwait(false);
        if (_joined && Volatile.Read(ref _leaving) == 0 && _self is { } self)
        {
            if (!data.TryGet(self, out var own, out _))
            {
                OnDeclaredDead(null);
            }
            else if (own.Status == SiloStatus.Dead)
            {
                OnDeclaredDead(own);
            }
        }
    }

    private async Task<MembershipTableData> ReadAndPublishAsync(CancellationToken cancellationToken)
    {
        var data = await _table.ReadAllAsync(cancellationToken).ConfigureAwait(false);
        Publish(data);
        return data;
    }

    private void Publish(MembershipTableData data)
    {
        SnapshotNode previous;
        SnapshotNode next;
        lock (_lock)
        {
            if (_latest is null || data.Version.Version >= _latest.Version.Version)
            {
                _latest = data;
            }

            if (data.Version.Version <= _head.Snapshot.Version)
            {
                return;
            }

            var snapshot = new ClusterMembershipSnapshot(
                data.Version.Version,
                data.Entries.Select(row => new ClusterMember(
                    row.Entry.SiloAddress, row.Entry.Status, row.Entry.SiloName, row.Entry.HostName, row.Entry.GatewayPort)));
            previous = _head;
            next = _head = new SnapshotNode(snapshot);
        }

        Log.SnapshotPublished(_logger, _self, next.Snapshot.Version, next.Snapshot.ActiveSilos.Count, next.Snapshot.Members.Count);
        previous.Next.TrySetResult(next);
    }

    private void CompleteUpdates()
    {
        SnapshotNode head;
        lock (_lock)
        {
            head = _head;
        }

        head.Next.TrySetResult(null);
    }

    private sealed class SnapshotNode(ClusterMembershipSnapshot snapshot)
    {
        public ClusterMembershipSnapshot Snapshot { get; } = snapshot;

        public TaskCompletionSource<SnapshotNode?> Next { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
