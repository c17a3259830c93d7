using System.Collections.Concurrent;
using System.Diagnostics;
using Granary.Benchmarks.Grains;
using Granary.Benchmarks.Hosting;
using Granary.Benchmarks.Measurement;
using Granary.Membership;

namespace Granary.Benchmarks.Scenarios;

/// <summary>
/// Three silos (the driver and two silo processes) with persisted counter grains spread over all three.
/// Part 1: kill -9 one silo process; time until every grain that lived on it answers again with its persisted
/// count. Part 2: under continuous load on all grains, SIGTERM the other silo process; calls that threw.
/// </summary>
internal sealed class FailoverScenario : IScenario
{
    private const int Grains = 300;
    private const int LoadWorkers = 8;
    private static readonly TimeSpan PollTimeout = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan RecoveryDeadline = TimeSpan.FromSeconds(60);

    public string Name => "failover";

    public string Description => "kill -9 a silo process until its grains answer again; SIGTERM another under load (seconds_to_recover, failed_calls_graceful)";

    public async Task<IReadOnlyList<BenchmarkResult>> RunAsync(BenchmarkOptions options, TextWriter info, CancellationToken cancellationToken)
    {
        await using var cluster = await BenchmarkCluster.StartAsync(Name, options, info, cancellationToken);
        var victim = await cluster.StartSiloProcessAsync("silo-b", cancellationToken);
        var leaver = await cluster.StartSiloProcessAsync("silo-c", cancellationToken);
        await cluster.WaitForActiveSilosAsync([cluster.DriverAddress, victim.Address!, leaver.Address!], cancellationToken);
        var names = new Dictionary<string, string>
        {
            [cluster.DriverAddress] = "driver",
            [victim.Address!] = victim.Name,
            [leaver.Address!] = leaver.Name,
        };

        var factory = cluster.GrainFactory;
        var grains = Enumerable.Range(0, Grains).Select(k => factory.GetGrain<ICounterGrain>(k)).ToArray();
        var first = await Task.WhenAll(grains.Select(g => g.Increment()));
        if (first.Any(c => c != 1))
        {
            throw new InvalidOperationException("The storage file is not fresh: a counter did not start at 0.");
        }

        var homes = await Task.WhenAll(grains.Select(g => g.Where()));
        info.WriteLine($"info: {Grains} counter grains, each incremented once: " + Describe(homes, names));
        var victimKeys = Enumerable.Range(0, Grains).Where(k => homes[k] == victim.Address).ToArray();

        var seconds = await KillAndRecoverAsync(cluster, victim, grains, victimKeys, names, info, cancellationToken);
        var failed = await StopUnderLoadAsync(cluster, leaver, grains, names, info, cancellationToken);
        return
        [
            new("seconds_to_recover", seconds, "s", "0.000"),
            new("failed_calls_graceful", failed, "calls", "0"),
        ];
    }

    private static async Task<double> KillAndRecoverAsync(
        BenchmarkCluster cluster,
        SiloProcess victim,
        ICounterGrain[] grains,
        int[] victimKeys,
        Dictionary<string, string> names,
        TextWriter info,
        CancellationToken cancellationToken)
    {
        using var stopWatching = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var membership = cluster.Membership;
        var victimAddress = SiloAddress.Parse(victim.Address!);
        var declaredDead = WatchAsync(() => membership.CurrentSnapshot.GetSiloStatus(victimAddress) is SiloStatus.Dead, stopWatching.Token);
        var leftRing = WatchAsync(() => !membership.CurrentSnapshot.ActiveSilos.Contains(victimAddress), stopWatching.Token);

        var killed = Stopwatch.GetTimestamp();
        victim.Kill();

        // One polling loop per grain. A call that has not answered within PollTimeout is not waited for: the
        // loop sends another, but the slow one still counts if it answers first (its completion time is kept).
        var errors = new ConcurrentDictionary<string, int>();
        var slowCalls = new ConcurrentQueue<(double SentAt, double? Took)>();
        var attempts = 0L;
        using var giveUp = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        giveUp.CancelAfter(RecoveryDeadline);
        var answers = await Task.WhenAll(victimKeys.Select(key => PollUntilAnswerAsync(grains[key], killed, errors, slowCalls, () => Interlocked.Increment(ref attempts), giveUp.Token)));

        var recovered = answers.Where(a => a is not null).Select(a => a!.Value).ToArray();
        var times = recovered.Select(a => Stopwatch.GetElapsedTime(killed, a.At).TotalSeconds).Order().ToArray();
        var seconds = recovered.Length == victimKeys.Length ? times[^1] : RecoveryDeadline.TotalSeconds;
        info.WriteLine($"info: killed {victim.Name} (kill -9); {recovered.Length} of {victimKeys.Length} of its grains answered again "
            + (times.Length > 0 ? $"(first {times[0]:0.000} s, median {times[times.Length / 2]:0.000} s, last {times[^1]:0.000} s after the kill) " : string.Empty)
            + $"after {Interlocked.Read(ref attempts)} calls; failures while waiting: "
            + (errors.IsEmpty ? "none" : string.Join(", ", errors.Select(e => $"{e.Value} {e.Key}"))));
        if (!slowCalls.IsEmpty)
        {
            var slow = slowCalls.OrderBy(c => c.SentAt).ToArray();
            info.WriteLine($"info: {slow.Length} calls took over {PollTimeout.TotalMilliseconds:0} ms, sent {slow[0].SentAt:0.000}–{slow[^1].SentAt:0.000} s after the kill; "
                + $"they answered after {string.Join(", ", slow.Take(8).Select(c => c.Took is { } t ? $"{t * 1000:0} ms" : "never"))}{(slow.Length > 8 ? ", ..." : string.Empty)}");
        }

        if (recovered.Length < victimKeys.Length)
        {
            info.WriteLine($"info: NOT RECOVERED within {RecoveryDeadline.TotalSeconds:0} s: {victimKeys.Length - recovered.Length} grains; the figure is the deadline");
        }

        var wrong = recovered.Where(a => a.Count != 1).ToArray();
        if (wrong.Length > 0)
        {
            info.WriteLine($"info: WRONG STATE: {wrong.Length} grains answered with a count other than the persisted 1 (e.g. {wrong[0].Count})");
        }

        await Task.WhenAny(Task.WhenAll(declaredDead, leftRing), Task.Delay(TimeSpan.FromSeconds(10), cancellationToken));
        await stopWatching.CancelAsync();
        info.WriteLine($"info: the driver's view: {victim.Name} left the active ring {Format(await leftRing, killed)}, declared Dead {Format(await declaredDead, killed)} after the kill");
        var newHomes = await Task.WhenAll(victimKeys.Select(k => grains[k].Where()));
        info.WriteLine($"info: {victim.Name}'s grains now live: " + Describe(newHomes, names));
        return seconds;
    }

    private static async Task<long> StopUnderLoadAsync(
        BenchmarkCluster cluster,
        SiloProcess leaver,
        ICounterGrain[] grains,
        Dictionary<string, string> names,
        TextWriter info,
        CancellationToken cancellationToken)
    {
        var before = await Task.WhenAll(grains.Select(g => g.GetCount()));
        var homes = await Task.WhenAll(grains.Select(g => g.Where()));
        info.WriteLine($"info: before the graceful stop: " + Describe(homes, names));

        var succeeded = new int[grains.Length];
        var failures = new ConcurrentQueue<(double At, int Key, Exception Error)>();
        var stopLoad = false;
        var calls = 0L;
        var slowest = new double[LoadWorkers];
        var slowCalls = new ConcurrentQueue<(long Sent, int Key, double Milliseconds)>();
        var loadStart = Stopwatch.GetTimestamp();
        var load = Enumerable.Range(0, LoadWorkers).Select(worker => Task.Run(async () =>
        {
            for (var key = worker; !Volatile.Read(ref stopLoad); key = (key + LoadWorkers) % grains.Length)
            {
                var start = Stopwatch.GetTimestamp();
                try
                {
                    await grains[key].Increment();
                    Interlocked.Increment(ref succeeded[key]);
                    Interlocked.Increment(ref calls);
                }
                catch (Exception exception)
                {
                    failures.Enqueue((Stopwatch.GetElapsedTime(loadStart).TotalSeconds, key, exception));
                }

                var took = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                slowest[worker] = Math.Max(slowest[worker], took);
                if (took > 500)
                {
                    slowCalls.Enqueue((start, key, took));
                }
            }
        }, CancellationToken.None)).ToArray();

        await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
        var callsBefore = Interlocked.Read(ref calls);
        var sent = Stopwatch.GetTimestamp();
        leaver.Terminate();
        await leaver.WaitForExitAsync(cancellationToken).WaitAsync(TimeSpan.FromSeconds(60), cancellationToken);
        var exited = Stopwatch.GetElapsedTime(sent);
        var callsDuring = Interlocked.Read(ref calls) - callsBefore;
        await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
        Volatile.Write(ref stopLoad, true);
        await Task.WhenAll(load);

        var stopAt = Stopwatch.GetElapsedTime(loadStart, sent).TotalSeconds;
        info.WriteLine($"info: SIGTERM to {leaver.Name} {stopAt:0.000} s into the load; it exited (code {leaver.ExitCode}) {exited.TotalSeconds:0.000} s later; "
            + $"{callsDuring} calls completed meanwhile, {Interlocked.Read(ref calls)} in all, slowest call {slowest.Max():0.#} ms");
        foreach (var slow in slowCalls.OrderByDescending(c => c.Milliseconds).Take(5))
        {
            info.WriteLine($"info: slow call to key {slow.Key} (on {names.GetValueOrDefault(homes[slow.Key], homes[slow.Key])} before the stop), "
                + $"sent {Stopwatch.GetElapsedTime(sent, slow.Sent).TotalSeconds:+0.000;-0.000} s from SIGTERM, took {slow.Milliseconds:0} ms");
        }

        foreach (var failure in failures.Take(5))
        {
            info.WriteLine($"info: failed call at {failure.At:0.000} s (SIGTERM at {stopAt:0.000} s) to key {failure.Key}: {failure.Error.GetType().Name}: {failure.Error.Message}");
        }

        // Every successful increment must be in storage, and nothing else: a lost or doubled write shows here.
        var after = await Task.WhenAll(grains.Select(g => g.GetCount()));
        var mismatched = Enumerable.Range(0, grains.Length).Where(k => after[k] != before[k] + succeeded[k]).ToArray();
        info.WriteLine(mismatched.Length == 0
            ? "info: every counter equals its count before the load plus its successful increments"
            : $"info: COUNT MISMATCH on {mismatched.Length} grains, e.g. key {mismatched[0]}: had {before[mismatched[0]]}, "
                + $"{succeeded[mismatched[0]]} successful increments, now {after[mismatched[0]]}");
        var finalHomes = await Task.WhenAll(grains.Select(g => g.Where()));
        info.WriteLine($"info: after the graceful stop: " + Describe(finalHomes, names));
        return failures.Count;
    }

    /// <summary>Calls <paramref name="grain"/> until a call answers; the first answer's time and count, or null at the deadline.</summary>
    private static async Task<(long At, int Count)?> PollUntilAnswerAsync(
        ICounterGrain grain,
        long killed,
        ConcurrentDictionary<string, int> errors,
        ConcurrentQueue<(double SentAt, double? Took)> slowCalls,
        Action counted,
        CancellationToken giveUp)
    {
        var answered = new TaskCompletionSource<(long At, int Count)>(TaskCreationOptions.RunContinuationsAsynchronously);
        while (!giveUp.IsCancellationRequested && !answered.Task.IsCompleted)
        {
            counted();
            var sent = Stopwatch.GetTimestamp();
            var call = grain.GetCount();
            _ = call.ContinueWith(
                c =>
                {
                    if (c.IsCompletedSuccessfully)
                    {
                        answered.TrySetResult((Stopwatch.GetTimestamp(), c.Result));
                    }
                    else
                    {
                        var name = c.Exception?.InnerException?.GetType().Name ?? "Cancelled";
                        errors.AddOrUpdate(name, 1, (_, n) => n + 1);
                    }

                    var took = Stopwatch.GetElapsedTime(sent).TotalSeconds;
                    if (took > PollTimeout.TotalSeconds)
                    {
                        slowCalls.Enqueue((Stopwatch.GetElapsedTime(killed, sent).TotalSeconds, c.IsCompletedSuccessfully ? took : null));
                    }
                },
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
            try
            {
                await Task.WhenAny(call, answered.Task, Task.Delay(PollTimeout, giveUp));
            }
            catch (OperationCanceledException)
            {
                break;
            }

            if (call.IsFaulted && !answered.Task.IsCompleted)
            {
                try
                {
                    await Task.Delay(5, giveUp);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }

        return answered.Task.IsCompletedSuccessfully ? answered.Task.Result : null;
    }

    /// <summary>Polls <paramref name="condition"/> every millisecond or so; the timestamp it first held, or null if cancelled first.</summary>
    private static async Task<long?> WatchAsync(Func<bool> condition, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            if (condition())
            {
                return Stopwatch.GetTimestamp();
            }

            try
            {
                await Task.Delay(1, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        return null;
    }

    private static string Format(long? timestamp, long since) =>
        timestamp is { } at ? $"{Stopwatch.GetElapsedTime(since, at).TotalSeconds:0.000} s" : "(not seen within 10 s)";

    private static string Describe(string[] homes, Dictionary<string, string> names) =>
        string.Join(", ", homes.GroupBy(h => h).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => $"{g.Count()} on {names.GetValueOrDefault(g.Key, g.Key)}"));
}
