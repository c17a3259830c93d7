using System.Collections.Concurrent;
using System.Diagnostics;
using Granary.Benchmarks.Grains;
using Granary.Benchmarks.Hosting;
using Granary.Benchmarks.Measurement;

namespace Granary.Benchmarks.Scenarios;

/// <summary>
/// Three silo processes on PostgreSQL (membership and grain storage), --grains persisted counter grains spread over
/// them, called from this (client) process. Part 1: kill -9 one silo; seconds until every grain that lived on it
/// answers again with its persisted count. Part 2: under load on all grains, SIGTERM another silo; calls that failed
/// and how long the process took to exit. <c>--membership defaults</c> runs the silos on Orleans' own failure detection.
/// </summary>
internal sealed class FailoverScenario : IScenario
{
    private const int LoadWorkers = 8;
    private static readonly TimeSpan PollTimeout = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan RecoveryDeadline = TimeSpan.FromSeconds(90);

    public string Name => "failover";

    public string Description => "kill -9 a silo until its grains answer; SIGTERM another under load (seconds_to_recover, failed_calls_graceful, seconds_to_exit_graceful)";

    public async Task<IReadOnlyList<BenchmarkResult>> RunAsync(BenchmarkOptions options, TextWriter info, CancellationToken cancellationToken)
    {
        info.WriteLine($"info: membership: {(options.Membership == "defaults" ? "Orleans' ClusterMembershipOptions defaults (" + string.Join(", ", SiloSettings.OrleansMembershipDefaults().Select(p => $"{p.Key.Split(':')[^1]}={p.Value}")) + ")" : "the silo's tuning (Granary:Membership)")}"
            + (options.Settings.Count > 0 ? $", overrides: {string.Join(", ", options.Settings.Select(p => $"{p.Key}={p.Value}"))}" : string.Empty));
        await using var cluster = await PostgresCluster.StartAsync(options, info, cancellationToken);
        var silos = (await cluster.StartSilosAsync(["silo-a"], cancellationToken))
            .Concat(await cluster.StartSilosAsync(["silo-b", "silo-c"], cancellationToken)).ToArray();
        await cluster.ConnectClientAsync(cancellationToken);
        await cluster.WaitForPlacementOnAsync(3, cancellationToken);

        var grains = Enumerable.Range(0, options.Grains).Select(k => cluster.Client.GetGrain<ICounterGrain>(k)).ToArray();
        var first = await Task.WhenAll(grains.Select(g => g.IncrementAsync()));
        if (first.Any(c => c != 1))
        {
            throw new InvalidOperationException("The database is not fresh: a counter did not start at 0.");
        }

        var homes = await Task.WhenAll(grains.Select(g => g.WhereAsync()));
        info.WriteLine($"info: {grains.Length} counter grains, each incremented once: {Describe(homes)}");
        var victim = silos[1];
        var victimKeys = Enumerable.Range(0, grains.Length).Where(k => homes[k] == victim.Name).ToArray();

        var management = cluster.Client.GetGrain<IManagementGrain>(0);
        var activeBefore = (await management.GetHosts(onlyActive: true)).Count;
        var recover = await KillAndRecoverAsync(victim, grains, victimKeys, WatchRemovedAsync(management, activeBefore, cancellationToken), info, cancellationToken);
        try
        {
            var (failed, exitSeconds) = await StopUnderLoadAsync(silos[2], grains, info, cancellationToken);
            return
            [
                new("seconds_to_recover", recover, "s", "0.000"),
                new("failed_calls_graceful", failed, "calls", "0"),
                new("seconds_to_exit_graceful", exitSeconds, "s", "0.000"),
                cluster.ConnectionsResult(),
            ];
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // A cluster that never recovered from the kill cannot be measured stopping gracefully: the recovery figure stands.
            info.WriteLine($"info: GRACEFUL PART NOT MEASURED: the cluster did not serve its grains after the kill ({exception.GetType().Name}: {exception.Message})");
            return [new("seconds_to_recover", recover, "s", "0.000")];
        }
    }

    private static async Task<double> KillAndRecoverAsync(
        SiloProcess victim, ICounterGrain[] grains, int[] victimKeys, Func<Task<long?>> watchRemoved, TextWriter info, CancellationToken cancellationToken)
    {
        var killed = Stopwatch.GetTimestamp();
        victim.Kill();
        var removed = watchRemoved();

        // One polling loop per grain. A call that has not answered within PollTimeout is not waited for: the loop
        // sends another, but the slow one still counts if it answers first (its completion time is kept).
        var errors = new ConcurrentDictionary<string, int>();
        var attempts = 0L;
        using var giveUp = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        giveUp.CancelAfter(RecoveryDeadline);
        var answers = await Task.WhenAll(victimKeys.Select(key => PollUntilAnswerAsync(grains[key], errors, () => Interlocked.Increment(ref attempts), giveUp.Token)));

        var recovered = answers.Where(a => a is not null).Select(a => a!.Value).ToArray();
        var times = recovered.Select(a => Stopwatch.GetElapsedTime(killed, a.At).TotalSeconds).Order().ToArray();
        var seconds = recovered.Length == victimKeys.Length && times.Length > 0 ? times[^1] : RecoveryDeadline.TotalSeconds;
        if (victimKeys.Length == 0)
        {
            // No grain lived there (few --grains): the figure is the time until the cluster dropped the silo.
            seconds = await removed is { } droppedAt ? Stopwatch.GetElapsedTime(killed, droppedAt).TotalSeconds : RecoveryDeadline.TotalSeconds;
        }
        info.WriteLine($"info: killed {victim.Name} (kill -9); {recovered.Length} of its {victimKeys.Length} grains answered again "
            + (times.Length > 0 ? $"(first {times[0]:0.000} s, median {times[times.Length / 2]:0.000} s, last {times[^1]:0.000} s after the kill) " : string.Empty)
            + $"after {Interlocked.Read(ref attempts)} calls; failures while waiting: "
            + (errors.IsEmpty ? "none" : string.Join(", ", errors.Select(e => $"{e.Value} {e.Key}"))));
        if (recovered.Length < victimKeys.Length)
        {
            info.WriteLine($"info: NOT RECOVERED within {RecoveryDeadline.TotalSeconds:0} s: {victimKeys.Length - recovered.Length} grains; the figure is the deadline");
        }

        var wrong = recovered.Count(a => a.Count != 1);
        info.WriteLine(wrong == 0 ? "info: every recovered grain answered with its persisted count" : $"info: WRONG STATE: {wrong} grains answered with a count other than the persisted 1");
        // The graceful part starts once the cluster has declared the killed silo dead, so it measures only the stop.
        var removedAt = await removed;
        info.WriteLine(removedAt is { } at
            ? $"info: the cluster's active silos (IManagementGrain.GetHosts) dropped {victim.Name} {Stopwatch.GetElapsedTime(killed, at).TotalSeconds:0.000} s after the kill"
            : $"info: the cluster still listed {victim.Name} as active {RecoveryDeadline.TotalSeconds:0} s after the kill");
        try
        {
            var newHomes = await Task.WhenAll(victimKeys.Select(k => grains[k].WhereAsync()));
            info.WriteLine($"info: {victim.Name}'s grains now live: {Describe(newHomes)}");
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            info.WriteLine($"info: {victim.Name}'s grains still do not answer ({exception.GetType().Name})");
        }
        return seconds;
    }

    private static async Task<(long Failed, double ExitSeconds)> StopUnderLoadAsync(SiloProcess leaver, ICounterGrain[] grains, TextWriter info, CancellationToken cancellationToken)
    {
        var before = await Task.WhenAll(grains.Select(g => g.GetCountAsync()));
        var homes = await Task.WhenAll(grains.Select(g => g.WhereAsync()));
        info.WriteLine($"info: before the graceful stop: {Describe(homes)}");

        var succeeded = new int[grains.Length];
        var failures = new ConcurrentQueue<(double At, int Key, Exception Error)>();
        var stop = new StrongBox();
        var calls = 0L;
        var slowest = new double[LoadWorkers];
        var loadStart = Stopwatch.GetTimestamp();
        var load = Enumerable.Range(0, LoadWorkers).Select(worker => Task.Run(
            async () =>
            {
                for (var key = worker; !Volatile.Read(ref stop.Value); key = (key + LoadWorkers) % grains.Length)
                {
                    var start = Stopwatch.GetTimestamp();
                    try
                    {
                        await grains[key].IncrementAsync();
                        Interlocked.Increment(ref succeeded[key]);
                        Interlocked.Increment(ref calls);
                    }
                    catch (Exception exception)
                    {
                        failures.Enqueue((Stopwatch.GetElapsedTime(loadStart).TotalSeconds, key, exception));
                    }

                    slowest[worker] = Math.Max(slowest[worker], Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                }
            },
            CancellationToken.None)).ToArray();

        await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
        var callsBefore = Interlocked.Read(ref calls);
        var sent = Stopwatch.GetTimestamp();
        leaver.Terminate();
        await leaver.WaitForExitAsync(cancellationToken).WaitAsync(TimeSpan.FromSeconds(60), cancellationToken);
        var exited = Stopwatch.GetElapsedTime(sent);
        var callsDuring = Interlocked.Read(ref calls) - callsBefore;
        await Task.Delay(TimeSpan.FromSeconds(3), cancellationToken);
        Volatile.Write(ref stop.Value, true);
        await Task.WhenAll(load);

        var stopAt = Stopwatch.GetElapsedTime(loadStart, sent).TotalSeconds;
        info.WriteLine($"info: SIGTERM to {leaver.Name} {stopAt:0.000} s into the load; it exited (code {leaver.ExitCode}) {exited.TotalSeconds:0.000} s later; "
            + $"{callsDuring} calls completed meanwhile, {Interlocked.Read(ref calls)} in all, slowest call {slowest.Max():0.#} ms");
        foreach (var failure in failures.Take(5))
        {
            info.WriteLine($"info: failed call at {failure.At:0.000} s (SIGTERM at {stopAt:0.000} s) to key {failure.Key}: {failure.Error.GetType().Name}: {failure.Error.Message}");
        }

        // Every successful increment must be in storage, and nothing else: a lost or doubled write shows here.
        var after = await Task.WhenAll(grains.Select(g => g.GetCountAsync()));
        var mismatched = Enumerable.Range(0, grains.Length).Where(k => after[k] != before[k] + succeeded[k]).ToArray();
        info.WriteLine(mismatched.Length == 0
            ? "info: every counter equals its count before the load plus its successful increments"
            : $"info: COUNT MISMATCH on {mismatched.Length} grains (a failed call may still have written), e.g. key {mismatched[0]}: had {before[mismatched[0]]}, "
                + $"{succeeded[mismatched[0]]} successful increments, now {after[mismatched[0]]}");
        info.WriteLine($"info: after the graceful stop: {Describe(await Task.WhenAll(grains.Select(g => g.WhereAsync())))}");
        return (failures.Count, exited.TotalSeconds);
    }

    /// <summary>Calls <paramref name="grain"/> until a call answers; the first answer's time and count, or null at the deadline.</summary>
    private static async Task<(long At, int Count)?> PollUntilAnswerAsync(ICounterGrain grain, ConcurrentDictionary<string, int> errors, Action counted, CancellationToken giveUp)
    {
        var answered = new TaskCompletionSource<(long At, int Count)>(TaskCreationOptions.RunContinuationsAsynchronously);
        while (!giveUp.IsCancellationRequested && !answered.Task.IsCompleted)
        {
            counted();
            var call = grain.GetCountAsync();
            _ = call.ContinueWith(
                c =>
                {
                    if (c.IsCompletedSuccessfully)
                    {
                        answered.TrySetResult((Stopwatch.GetTimestamp(), c.Result));
                    }
                    else
                    {
                        errors.AddOrUpdate(c.Exception?.InnerException?.GetType().Name ?? "Cancelled", 1, (_, n) => n + 1);
                    }
                },
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
            try
            {
                await Task.WhenAny(call, answered.Task, Task.Delay(PollTimeout, giveUp));
                if (call.IsFaulted && !answered.Task.IsCompleted)
                {
                    await Task.Delay(10, giveUp);
                }
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        return answered.Task.IsCompletedSuccessfully ? answered.Task.Result : null;
    }

    /// <summary>Returns a watch that polls the active silo count until it falls below <paramref name="activeBefore"/>; when it did, or null.</summary>
    private static Func<Task<long?>> WatchRemovedAsync(IManagementGrain management, int activeBefore, CancellationToken cancellationToken) => async () =>
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < RecoveryDeadline)
        {
            try
            {
                // A call through the dead silo's gateway would hang until the response timeout: not waited for.
                if ((await management.GetHosts(onlyActive: true).WaitAsync(TimeSpan.FromMilliseconds(500), cancellationToken)).Count < activeBefore)
                {
                    return Stopwatch.GetTimestamp();
                }
            }
            catch (Exception) when (!cancellationToken.IsCancellationRequested)
            {
                // Through the dead silo's gateway, or not answered in time; the next one is sent at once.
            }

            await Task.Delay(50, cancellationToken);
        }

        return null;
    };

    private static string Describe(string[] homes) =>
        string.Join(", ", homes.GroupBy(h => h).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Count()} on {g.Key}"));

    private sealed class StrongBox
    {
        public bool Value;
    }
}
