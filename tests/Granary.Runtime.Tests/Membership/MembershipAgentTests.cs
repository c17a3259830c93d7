using Granary.Membership;
using Granary.Testing;

namespace Granary.Runtime.Tests.Membership;

/// <summary>The membership protocol, with agents on one in-memory table, a fake network and a manual clock.</summary>
public sealed class MembershipAgentTests
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task Three_silos_become_active_and_see_each_other()
    {
        await using var cluster = new MembershipTestCluster();
        var silos = await cluster.StartSilosAsync(3);

        cluster.Advance(Second);

        var addresses = silos.Select(s => s.Address).Order().ToList();
        foreach (var silo in silos)
        {
            Assert.Equal(addresses, silo.Snapshot.ActiveSilos);
            Assert.Equal(SiloStatus.Active, (await cluster.RowAsync(silo.Address))!.Status);
            Assert.Equal(silo.Address.Port + 1000, silo.Snapshot.Members[silo.Address].GatewayPort);
        }

        Assert.Single(silos.Select(s => s.Snapshot.Version).Distinct());
        Assert.All(silos, s => Assert.Equal(0, s.Lifecycle.StopRequests));
    }

    [Fact]
    public async Task Snapshots_are_published_in_increasing_version_order()
    {
        await using var cluster = new MembershipTestCluster();
        var first = await cluster.StartSiloAsync(11111);
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var updates = first.Agent.MembershipUpdates(cancel.Token).GetAsyncEnumerator(cancel.Token);
        Assert.True(await updates.MoveNextAsync()); // subscribed: the current snapshot comes first
        var seen = new List<ClusterMembershipSnapshot> { updates.Current };
        var reader = Task.Run(async () =>
        {
            while (seen[^1].ActiveSilos.Count < 3 && await updates.MoveNextAsync())
            {
                lock (seen)
                {
                    seen.Add(updates.Current);
                }
            }
        });

        await cluster.StartSiloAsync(11112);
        await cluster.StartSiloAsync(11113);
        cluster.Advance(Second);
        await reader.WaitAsync(TimeSpan.FromSeconds(30));
        await updates.DisposeAsync();

        lock (seen)
        {
            Assert.True(seen.Count >= 2);
            Assert.Equal(seen.Select(s => s.Version).Order(), seen.Select(s => s.Version));
            Assert.Equal(seen.Count, seen.Select(s => s.Version).Distinct().Count());
        }
    }

    [Fact]
    public async Task Each_silo_probes_the_others()
    {
        await using var cluster = new MembershipTestCluster();
        var silos = await cluster.StartSilosAsync(3);

        cluster.Advance(Second * 3);

        foreach (var from in silos)
        {
            foreach (var to in silos.Where(s => s != from))
            {
                Assert.True(cluster.Network.ProbeCount(from.Address, to.Address) >= 2, $"{from.Address} probed {to.Address}");
            }
        }
    }

    [Fact]
    public async Task Probe_targets_are_the_next_silos_on_a_ring_so_each_silo_is_watched_by_NumProbedSilos_others()
    {
        await using var cluster = new MembershipTestCluster(o => o.NumProbedSilos = 2);
        var silos = await cluster.StartSilosAsync(5);
        cluster.Advance(Second);
        var data = await cluster.Store.ReadAllAsync(CancellationToken.None);

        var targets = silos.ToDictionary(s => s.Address, s => s.Agent.SelectProbeTargets(data));

        Assert.All(targets, t => Assert.Equal(2, t.Value.Count));
        Assert.All(targets, t => Assert.DoesNotContain(t.Key, t.Value));
        Assert.All(silos, s => Assert.Equal(2, targets.Values.Count(list => list.Contains(s.Address))));
    }

    [Fact]
    public async Task A_partitioned_silo_is_voted_dead_within_the_probe_limit_and_stops_itself()
    {
        await using var cluster = new MembershipTestCluster();
        var silos = await cluster.StartSilosAsync(3);
        var (a, b, victim) = (silos[0], silos[1], silos[2]);
        cluster.Network.Isolate(victim.Address);

        // MissedProbesLimit (3) rounds of ProbeInterval (1 s): both others miss three probes and vote.
        cluster.Advance(Second * cluster.Options.MissedProbesLimit);

        var row = (await cluster.RowAsync(victim.Address))!;
        Assert.Equal(SiloStatus.Dead, row.Status);
        Assert.Equal(new[] { a.Address, b.Address }.Order(), row.SuspectTimes.Select(v => v.Suspecter).Order());
        Assert.Equal(SiloStatus.Active, (await cluster.RowAsync(a.Address))!.Status);
        Assert.Equal(SiloStatus.Active, (await cluster.RowAsync(b.Address))!.Status);

        // The victim reads its own row on the next table refresh.
        cluster.Advance(cluster.Options.TableRefreshInterval);
        await Eventually.WaitUntilAsync(() => victim.Lifecycle.StopRequests == 1, "the dead silo asked to stop");
        Assert.True(victim.Agent.IsDeclaredDead);
        Assert.Contains("declared it dead", victim.Lifecycle.Reason, StringComparison.Ordinal);
        Assert.Equal([a.Address, b.Address], a.Snapshot.ActiveSilos);
        Assert.Equal(SiloStatus.Dead, b.Snapshot.GetSiloStatus(victim.Address));

        // A dead silo never writes itself back, whatever time passes.
        cluster.Advance(Second * 30);
        Assert.Equal(SiloStatus.Dead, (await cluster.RowAsync(victim.Address))!.Status);
        Assert.Equal(1, victim.Lifecycle.StopRequests);
        Assert.Equal(0, a.Lifecycle.StopRequests + b.Lifecycle.StopRequests);
    }

    [Fact]
    public async Task One_missed_probe_short_of_the_limit_declares_nothing()
    {
        await using var cluster = new MembershipTestCluster();
        var silos = await cluster.StartSilosAsync(3);
        cluster.Network.Isolate(silos[2].Address);

        cluster.Advance(Second * (cluster.Options.MissedProbesLimit - 1));

        var row = (await cluster.RowAsync(silos[2].Address))!;
        Assert.Equal(SiloStatus.Active, row.Status);
        Assert.Empty(row.SuspectTimes);
        Assert.Equal(cluster.Options.MissedProbesLimit - 1, silos[0].Agent.MissedProbes(silos[2].Address));
    }

    [Fact]
    public async Task In_a_two_silo_cluster_one_vote_is_enough()
    {
        await using var cluster = new MembershipTestCluster();
        var silos = await cluster.StartSilosAsync(2);
        cluster.Network.Block(silos[0].Address, silos[1].Address);

        cluster.Advance(Second * cluster.Options.MissedProbesLimit);

        var row = (await cluster.RowAsync(silos[1].Address))!;
        Assert.Equal(SiloStatus.Dead, row.Status);
        Assert.Equal(silos[0].Address, Assert.Single(row.SuspectTimes).Suspecter);
    }

    [Fact]
    public async Task A_single_suspecter_is_not_enough_while_the_suspect_keeps_writing_IAmAlive()
    {
        await using var cluster = new MembershipTestCluster();
        var silos = await cluster.StartSilosAsync(3);
        cluster.Network.Block(silos[0].Address, silos[2].Address);

        cluster.Advance(Second * 40);

        var row = (await cluster.RowAsync(silos[2].Address))!;
        Assert.Equal(SiloStatus.Active, row.Status);
        Assert.Equal(silos[0].Address, Assert.Single(row.SuspectTimes).Suspecter);
    }

    [Fact]
    public async Task Votes_older_than_the_expiration_do_not_count()
    {
        await using var cluster = new MembershipTestCluster(o => o.DeathVoteExpiration = TimeSpan.FromSeconds(10));
        var silos = await cluster.StartSilosAsync(3);
        var victim = silos[2];
        await silos[0].Agent.SuspectAsync(victim.Address, CancellationToken.None);

        cluster.Advance(Second * 11);
        await silos[1].Agent.SuspectAsync(victim.Address, CancellationToken.None);

        var row = (await cluster.RowAsync(victim.Address))!;
        Assert.Equal(SiloStatus.Active, row.Status);
        Assert.Equal(silos[1].Address, Assert.Single(row.SuspectTimes).Suspecter);
    }

    [Fact]
    public async Task A_silo_overdue_with_IAmAlive_and_failing_probes_is_declared_dead_by_one_suspecter()
    {
        await using var cluster = new MembershipTestCluster(o => o.NumVotesForDeathDeclaration = 3);
        var silos = await cluster.StartSilosAsync(4);
        var (watcher, crashed) = (silos[0], silos[3]);
        crashed.Agent.Abort(); // no more IAmAlive writes, but the other two still reach it (say, a zombie process)
        cluster.Network.Block(watcher.Address, crashed.Address);

        cluster.Advance(Second * 10);
        Assert.Equal(SiloStatus.Active, (await cluster.RowAsync(crashed.Address))!.Status);

        // 3 × IAmAliveInterval (15 s) + ProbeInterval × MissedProbesLimit (3 s) after the last IAmAlive.
        cluster.Advance(Second * 10);

        var row = (await cluster.RowAsync(crashed.Address))!;
        Assert.Equal(SiloStatus.Dead, row.Status);
        Assert.Equal(watcher.Address, Assert.Single(row.SuspectTimes).Suspecter);
    }

    [Fact]
    public async Task Two_suspecters_voting_at_the_same_time_both_land()
    {
        ContendedMembershipTable? contended = null;
        await using var cluster = new MembershipTestCluster(
            o => o.NumVotesForDeathDeclaration = 3,
            table => contended = new ContendedMembershipTable(table));
        var silos = await cluster.StartSilosAsync(4);
        var victim = silos[3];

        contended!.ArmReadBarrier(2);
        await Task.WhenAll(
            Task.Run(() => silos[0].Agent.SuspectAsync(victim.Address, CancellationToken.None)),
            Task.Run(() => silos[1].Agent.SuspectAsync(victim.Address, CancellationToken.None)));

        Assert.True(contended.FailedWrites >= 1, "the two votes raced on the same version");
        var row = (await cluster.RowAsync(victim.Address))!;
        Assert.Equal(new[] { silos[0].Address, silos[1].Address }.Order(), row.SuspectTimes.Select(v => v.Suspecter).Order());
        Assert.Equal(SiloStatus.Active, row.Status);

        contended.ArmReadBarrier(2);
        await Task.WhenAll(
            Task.Run(() => silos[2].Agent.SuspectAsync(victim.Address, CancellationToken.None)),
            Task.Run(() => silos[0].Agent.SuspectAsync(victim.Address, CancellationToken.None)));

        row = (await cluster.RowAsync(victim.Address))!;
        Assert.Equal(SiloStatus.Dead, row.Status);
        Assert.Equal(3, row.SuspectTimes.Select(v => v.Suspecter).Distinct().Count());
    }

    [Fact]
    public async Task A_restarted_silo_joins_with_a_new_generation_while_the_old_row_stays_dead()
    {
        await using var cluster = new MembershipTestCluster();
        var silos = await cluster.StartSilosAsync(3);
        var old = silos[2];
        old.Agent.Abort();
        cluster.Network.Isolate(old.Address);
        cluster.Advance(Second * cluster.Options.MissedProbesLimit);
        await cluster.WaitForRowStatusAsync(old.Address, SiloStatus.Dead);

        var restarted = await cluster.StartSiloAsync(old.Address.Port, old.Address.Generation + 1);
        cluster.Advance(Second);

        Assert.Equal(SiloStatus.Active, (await cluster.RowAsync(restarted.Address))!.Status);
        Assert.Equal(SiloStatus.Dead, (await cluster.RowAsync(old.Address))!.Status);
        Assert.Equal(3, silos[0].Snapshot.ActiveSilos.Count);
        Assert.Contains(restarted.Address, silos[0].Snapshot.ActiveSilos);
        Assert.DoesNotContain(old.Address, silos[0].Snapshot.ActiveSilos);
    }

    [Fact]
    public async Task A_silo_restarted_before_its_death_was_noticed_declares_its_previous_generation_dead()
    {
        await using var cluster = new MembershipTestCluster();
        var silos = await cluster.StartSilosAsync(2);
        var old = silos[1];
        old.Agent.Abort();

        var restarted = await cluster.StartSiloAsync(old.Address.Port, old.Address.Generation + 1);

        Assert.Equal(SiloStatus.Dead, (await cluster.RowAsync(old.Address))!.Status);
        Assert.Equal(SiloStatus.Active, (await cluster.RowAsync(restarted.Address))!.Status);
    }

    [Fact]
    public async Task A_dead_generation_cannot_join_again()
    {
        await using var cluster = new MembershipTestCluster();
        var silos = await cluster.StartSilosAsync(2);
        await silos[1].Agent.StopAsync(CancellationToken.None);

        await Assert.ThrowsAsync<MembershipTableException>(() => cluster.StartSiloAsync(silos[1].Address.Port, silos[1].Address.Generation));
    }

    [Fact]
    public async Task A_graceful_leave_makes_the_row_dead_without_votes_or_a_stop_request()
    {
        await using var cluster = new MembershipTestCluster();
        var silos = await cluster.StartSilosAsync(3);
        var leaving = silos[1];
        cluster.Advance(Second * 2);

        await leaving.Agent.BeginShutdownAsync(CancellationToken.None);
        Assert.Equal(SiloStatus.ShuttingDown, (await cluster.RowAsync(leaving.Address))!.Status);
        await leaving.Agent.LeaveAsync(CancellationToken.None);

        var row = (await cluster.RowAsync(leaving.Address))!;
        Assert.Equal(SiloStatus.Dead, row.Status);
        Assert.Empty(row.SuspectTimes);
        Assert.Equal(cluster.Time.GetUtcNow(), row.IAmAliveTime);
        Assert.Equal(0, leaving.Lifecycle.StopRequests);

        cluster.Advance(Second * 10);
        Assert.Equal(SiloStatus.Dead, silos[0].Snapshot.GetSiloStatus(leaving.Address));
        Assert.Equal(2, silos[0].Snapshot.ActiveSilos.Count);
        Assert.Equal(0, leaving.Lifecycle.StopRequests);
        var probesAfterLeave = cluster.Network.ProbeCount(silos[0].Address, leaving.Address);
        cluster.Advance(Second * 5);
        Assert.Equal(probesAfterLeave, cluster.Network.ProbeCount(silos[0].Address, leaving.Address));
    }

    [Fact]
    public async Task Defunct_rows_are_cleaned_up_by_active_silos()
    {
        await using var cluster = new MembershipTestCluster(o =>
        {
            o.DefunctSiloExpiration = TimeSpan.FromMinutes(2);
            o.DefunctSiloCleanupPeriod = TimeSpan.FromMinutes(1);
        });
        var silos = await cluster.StartSilosAsync(3);
        await silos[2].Agent.StopAsync(CancellationToken.None);

        cluster.Advance(TimeSpan.FromMinutes(1), Second);
        Assert.NotNull(await cluster.RowAsync(silos[2].Address));

        cluster.Advance(TimeSpan.FromMinutes(2), Second);
        Assert.Null(await cluster.RowAsync(silos[2].Address));
        Assert.Equal(2, (await cluster.Store.ReadAllAsync(CancellationToken.None)).Entries.Count);
    }

    [Fact]
    public async Task IAmAlive_is_written_every_interval_without_moving_the_table_version()
    {
        await using var cluster = new MembershipTestCluster();
        var silo = await cluster.StartSiloAsync(11111);
        var before = await cluster.Store.ReadAllAsync(CancellationToken.None);

        cluster.Advance(cluster.Options.IAmAliveInterval);

        var after = await cluster.Store.ReadAllAsync(CancellationToken.None);
        Assert.Equal(before.Version, after.Version);
        Assert.Equal(cluster.Time.GetUtcNow(), (await cluster.RowAsync(silo.Address))!.IAmAliveTime);
    }
}
