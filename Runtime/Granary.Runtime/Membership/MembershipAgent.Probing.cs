namespace Granary.Membership;

internal sealed partial class MembershipAgent
{
    /// <summary>
    /// The silos this one monitors: the next <see cref="MembershipOptions.NumProbedSilos"/> after it on a ring of
    /// the active silos ordered by a stable hash. Every silo computes the same ring, so each active silo is watched
    /// by that many others, and the set moves on whenever a silo joins or leaves.
    /// </summary>
    internal IReadOnlyList<SiloAddress> SelectProbeTargets(MembershipTableData data)
    {
        var self = SiloAddress;
        var ring = data.Entries
            .Where(row => row.Entry.Status == SiloStatus.Active)
            .Select(row => row.Entry.SiloAddress)
            .OrderBy(RingPosition)
            .ThenBy(silo => silo)
            .ToList();
        var index = ring.IndexOf(self);
        if (index < 0)
        {
            return [];
        }

        var count = Math.Min(_options.NumProbedSilos, ring.Count - 1);
        var targets = new List<SiloAddress>(count);
        for (var i = 1; i <= count; i++)
        {
            targets.Add(ring[(index + i) % ring.Count]);
        }

        return targets;
    }

    private static uint RingPosition(SiloAddress silo) => StableHash.Of("silo", silo.ToString());

    /// <summary>Probes every monitored silo once; a silo that missed the limit in a row gets this silo's vote.</summary>
    internal async Task ProbeRoundAsync(CancellationToken cancellationToken)
    {
        MembershipTableData? data;
        lock (_lock)
        {
            data = _latest;
        }

        if (data is null || IsDeclaredDead)
        {
            return;
        }

        var targets = SelectProbeTargets(data);
        var results = await Task.WhenAll(targets.Select(target => ProbeAsync(target, cancellationToken))).ConfigureAwait(false);
        var suspects = new List<SiloAddress>();
        lock (_lock)
        {
            foreach (var stale in _missedProbes.Keys.Except(targets).ToList())
            {
                _missedProbes.Remove(stale);
            }

            for (var i = 0; i < targets.Count; i++)
            {
                var missed = results[i] ? 0 : _missedProbes.GetValueOrDefault(targets[i]) + 1;
                _missedProbes[targets[i]] = missed;
                if (missed > 0)
                {
                    Log.ProbeMissed(_logger, SiloAddress, targets[i], missed, _options.MissedProbesLimit);
                }

                if (missed >= _options.MissedProbesLimit)
                {
                    suspects.Add(targets[i]);
                }
            }
        }

        foreach (var suspect in suspects)
        {
            await SuspectAsync(suspect, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>How many consecutive probes of <paramref name="target"/> this silo has missed.</summary>
    internal int MissedProbes(SiloAddress target)
    {
        lock (_lock)
        {
            return _missedProbes.GetValueOrDefault(target);
        }
    }

    private async Task<bool> ProbeAsync(SiloAddress target, CancellationToken cancellationToken)
    {
        try
        {
            using var timeout = new CancellationTokenSource(_options.ProbeTimeout, _time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
            return await _prober.ProbeAsync(target, linked.Token)
                .WaitAsync(_options.ProbeTimeout, _time, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            // A timeout, a refused connection, a protocol error: all mean "did not answer".
            Log.ProbeFailed(_logger, ex, SiloAddress, target);
            return false;
        }
    }

    /// <summary>
    /// Adds this silo's vote to the target's row, dropping expired votes and votes of dead silos, and declares the
    /// target dead in the same write when the fresh votes reach the required count, or at once when its IAmAlive
    /// time is far overdue. Retries with a fresh read when another writer got there first, so no vote is lost.
    /// </summary>
    internal async Task SuspectAsync(SiloAddress target, CancellationToken cancellationToken)
    {
        var self = SiloAddress;
        for (var attempt = 1; ; attempt++)
        {
            var data = await _table.ReadAllAsync(cancellationToken).ConfigureAwait(false);
            if (!data.TryGet(self, out var own, out _) || own.Status == SiloStatus.Dead)
            {
                Publish(data);
                OnDeclaredDead(own);
                return;
            }

            if (!data.TryGet(target, out var entry, out var etag) || entry.Status == SiloStatus.Dead)
            {
                Publish(data);
                return;
            }

            var now = _time.GetUtcNow();
            var dead = data.Entries.Where(row => row.Entry.Status == SiloStatus.Dead).Select(row => row.Entry.SiloAddress).ToHashSet();
            var votes = entry.SuspectTimes
                .Where(vote => vote.Suspecter != self && now - vote.At < _options.DeathVoteExpiration && !dead.Contains(vote.Suspecter))
                .Append(new SuspicionVote(self, now))
                .ToList();
            var voters = votes.Select(vote => vote.Suspecter).Distinct().Count();
            var required = RequiredVotes(data);
            var aliveOverdue = now - entry.IAmAliveTime > IAmAliveDeadline;
            var declareDead = voters >= required || aliveOverdue;
            var updated = entry with { SuspectTimes = votes, Status = declareDead ? SiloStatus.Dead : entry.Status };

            if (await _table.UpdateRowAsync(updated, etag, data.Version.Next(), cancellationToken).ConfigureAwait(false))
            {
                if (!declareDead)
                {
                    Log.Suspected(_logger, self, target, voters, required);
                }
                else if (voters >= required)
                {
                    Log.DeclaredDead(_logger, self, target, voters, required);
                }
                else
                {
                    Log.DeclaredDeadOverdue(_logger, self, target, entry.IAmAliveTime, now);
                }

                if (declareDead)
                {
                    lock (_lock)
                    {
                        _missedProbes.Remove(target);
                    }

                    await ReadAndPublishAsync(cancellationToken).ConfigureAwait(false);
                }

                return;
            }

            Log.WriteConflict(_logger, self, $"vote against {target}", attempt);
            GiveUpAfter(attempt, $"vote against {target}");
        }
    }

    /// <summary>Configured votes, capped by the active silos other than the suspect (at least one).</summary>
    private int RequiredVotes(MembershipTableData data)
    {
        var active = data.Entries.Count(row => row.Entry.Status == SiloStatus.Active);
        return Math.Max(1, Math.Min(_options.NumVotesForDeathDeclaration, active - 1));
    }

    /// <summary>A silo this late with its IAmAlive write (three intervals plus the time to miss the probe limit) and not answering probes is gone.</summary>
    private TimeSpan IAmAliveDeadline => (_options.IAmAliveInterval * 3) + (_options.ProbeInterval * _options.MissedProbesLimit);
}
