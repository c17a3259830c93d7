using Granary.Membership;

namespace Granary.Reminders;

internal sealed partial class ReminderService
{
    /// <summary>Reads the table now, then again after every refresh period or membership change, until the service stops.</summary>
    private async Task RefreshLoopAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var wait = _options.RefreshPeriod;
            try
            {
                await ReloadAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                // The reminders already ticking here keep ticking; the read is retried.
                wait = wait < RetryAfterFailure ? wait : RetryAfterFailure;
                Log.ReloadFailed(_logger, exception, wait);
            }

            try
            {
                await WaitForReloadAsync(wait, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <summary>Asks for a reload as soon as possible; requests made while one is pending are merged.</summary>
    private void RequestReload() => _reloadRequests.Writer.TryWrite(true);

    private async Task WaitForReloadAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var waiting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var delay = Task.Delay(timeout, _time, waiting.Token);
        var request = _reloadRequests.Reader.WaitToReadAsync(waiting.Token).AsTask();
        await Task.WhenAny(delay, request).ConfigureAwait(false);
        await waiting.CancelAsync().ConfigureAwait(false);
        _reloadRequests.Reader.TryRead(out _);
        cancellationToken.ThrowIfCancellationRequested();
    }

    /// <summary>Follows membership: when the ring changes, the grains this silo owns change, so the table is read again.</summary>
    private async Task FollowMembershipAsync(IClusterMembershipService membership, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var snapshot in membership.MembershipUpdates(cancellationToken).ConfigureAwait(false))
            {
                if (_ownership!.Update(snapshot))
                {
                    RequestReload();
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The service is stopping.
        }
        catch (Exception exception)
        {
            Log.FollowingMembershipFailed(_logger, exception);
        }
    }

    /// <summary>Makes the local reminders match the rows of the grains this silo owns now.</summary>
    private async Task ReloadAsync(CancellationToken cancellationToken)
    {
        long changesBefore;
        lock (_lock)
        {
            changesBefore = _changes;
        }

        var rows = await _table.ReadAllRowsAsync(cancellationToken).ConfigureAwait(false);
        int started = 0, stopped = 0, local;
        lock (_lock)
        {
            if (_stopped)
            {
                return;
            }

            var now = UtcNow();
            var owned = new Dictionary<ReminderKey, ReminderEntry>();
            foreach (var row in rows)
            {
                if (IsOwned(row.GrainId))
                {
                    owned[new ReminderKey(row.GrainId, row.ReminderName)] = row;
                }
            }

            foreach (var key in _local.Keys.Where(key => !owned.ContainsKey(key) && !ChangedSinceLocked(key, changesBefore)).ToList())
            {
                StopLocked(key);
                stopped++;
            }

            foreach (var (key, row) in owned)
            {
                if (!ChangedSinceLocked(key, changesBefore) && StartLocked(row, now))
                {
                    started++;
                }
            }

            // Changes made before the read began are in what it returned.
            foreach (var key in _changedAt.Where(pair => pair.Value <= changesBefore).Select(pair => pair.Key).ToList())
            {
                _changedAt.Remove(key);
            }

            local = _local.Count;
        }

        Log.Reloaded(_logger, rows.Count, local, started, stopped);
    }

    private bool ChangedSinceLocked(ReminderKey key, long changes) => _changedAt.TryGetValue(key, out var at) && at > changes;
}
