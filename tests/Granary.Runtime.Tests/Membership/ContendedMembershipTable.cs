using Granary.Membership;

namespace Granary.Runtime.Tests.Membership;

/// <summary>
/// Wraps a table so a test can force a write race: once armed, full reads wait until <c>parties</c> readers
/// arrived, so they all read the same version and all but one lose the compare-and-swap that follows.
/// </summary>
internal sealed class ContendedMembershipTable(IMembershipTable inner) : IMembershipTable
{
    private readonly Lock _lock = new();
    private TaskCompletionSource? _gate;
    private int _waiting;
    private int _parties;
    private int _failedWrites;

    public int FailedWrites => Volatile.Read(ref _failedWrites);

    public void ArmReadBarrier(int parties)
    {
        lock (_lock)
        {
            _parties = parties;
            _waiting = 0;
            _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    public async Task<MembershipTableData> ReadAllAsync(CancellationToken cancellationToken)
    {
        var data = await inner.ReadAllAsync(cancellationToken);
        Task? wait = null;
        lock (_lock)
        {
            if (_gate is { } gate)
            {
                wait = gate.Task;
                if (++_waiting >= _parties)
                {
                    _gate = null;
                    gate.SetResult();
                }
            }
        }

        if (wait is not null)
        {
            await wait.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
        }

        return data;
    }

    public async Task<bool> UpdateRowAsync(MembershipEntry entry, string rowEtag, TableVersion newVersion, CancellationToken cancellationToken)
    {
        var written = await inner.UpdateRowAsync(entry, rowEtag, newVersion, cancellationToken);
        if (!written)
        {
            Interlocked.Increment(ref _failedWrites);
        }

        return written;
    }

    public Task InitializeAsync(CancellationToken cancellationToken) => inner.InitializeAsync(cancellationToken);

    public Task<MembershipTableData> ReadRowAsync(SiloAddress silo, CancellationToken cancellationToken) => inner.ReadRowAsync(silo, cancellationToken);

    public Task<bool> InsertRowAsync(MembershipEntry entry, TableVersion newVersion, CancellationToken cancellationToken) =>
        inner.InsertRowAsync(entry, newVersion, cancellationToken);

    public Task UpdateIAmAliveAsync(MembershipEntry entry, CancellationToken cancellationToken) => inner.UpdateIAmAliveAsync(entry, cancellationToken);

    public Task CleanupDefunctSiloEntriesAsync(DateTimeOffset beforeDate, CancellationToken cancellationToken) =>
        inner.CleanupDefunctSiloEntriesAsync(beforeDate, cancellationToken);

    public Task DeleteMembershipTableEntriesAsync(string clusterId, CancellationToken cancellationToken) =>
        inner.DeleteMembershipTableEntriesAsync(clusterId, cancellationToken);
}
