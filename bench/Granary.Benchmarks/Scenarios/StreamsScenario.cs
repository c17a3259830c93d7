using System.Diagnostics;
using Granary.Benchmarks.Grains;
using Granary.Benchmarks.Hosting;
using Granary.Benchmarks.Measurement;
using Granary.Hosting;
using Granary.Streams;
using Microsoft.Extensions.DependencyInjection;

namespace Granary.Benchmarks.Scenarios;

/// <summary>
/// The stream scenarios' shared shape: one silo in this process with the provider under test; S streams
/// (<c>--streams</c>), each consumed by its implicitly subscribed <see cref="StreamCounterGrain"/>; P producers
/// (<c>--workers</c>, at most S) each owning S/P streams and publishing batches (<c>--batch</c>).
/// Block 1: unpaced, warm-up then <c>--seconds</c> measured (events delivered in the block ÷ its length).
/// Block 2: paced at half block 1's rate, settle 1 s, then <c>--seconds</c> measured (delivery latency of the
/// events published in it). Producers stop after each block and delivery drains before going on; at the end
/// lost = published − distinct delivered.
/// </summary>
internal abstract class StreamsScenario : IScenario
{
    protected const string ProviderName = "bench";

    private const int FullRate = 0;
    private const int HalfRate = 1;
    private static readonly TimeSpan DrainDeadline = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan DrainStall = TimeSpan.FromSeconds(15);

    public abstract string Name { get; }

    public abstract string Description { get; }

    /// <summary>Events per <c>OnNextBatchAsync</c> unless <c>--batch</c> says otherwise.</summary>
    protected abstract int DefaultBatch { get; }

    public async Task<IReadOnlyList<BenchmarkResult>> RunAsync(BenchmarkOptions options, TextWriter info, CancellationToken cancellationToken)
    {
        var tally = new StreamTally(options.Streams);
        await using var dependencies = await StartDependenciesAsync(info, cancellationToken);
        var host = await BenchmarkSilo.StartAsync(cancellationToken, silo =>
        {
            silo.AddMemoryGrainStorage();
            silo.Services.AddSingleton(tally);
            AddProvider(silo, dependencies, options, info);
        });
        try
        {
            return await MeasureAsync(host.Services.GetStreamProvider(ProviderName), tally, dependencies, options, info, cancellationToken);
        }
        finally
        {
            await BenchmarkSilo.StopAsync(host);
        }
    }

    /// <summary>Starts what the provider needs outside this process (a database); disposed after the silo stopped.</summary>
    protected virtual Task<IAsyncDisposable?> StartDependenciesAsync(TextWriter info, CancellationToken cancellationToken) =>
        Task.FromResult<IAsyncDisposable?>(null);

    /// <summary>Adds the provider named <see cref="ProviderName"/> with the queue and delivery options given on the command line.</summary>
    protected abstract void AddProvider(ISiloBuilder silo, IAsyncDisposable? dependencies, BenchmarkOptions options, TextWriter info);

    /// <summary>CPU time used so far by processes the scenario started (a database server), if known.</summary>
    protected virtual TimeSpan? DependencyProcessorTime(IAsyncDisposable? dependencies) => null;

    private async Task<IReadOnlyList<BenchmarkResult>> MeasureAsync(
        IStreamProvider provider, StreamTally tally, IAsyncDisposable? dependencies, BenchmarkOptions options, TextWriter info, CancellationToken cancellationToken)
    {
        var producerCount = Math.Min(options.Workers, options.Streams);
        var batch = options.Batch ?? DefaultBatch;
        var producers = new StreamProducer[producerCount];
        for (var p = 0; p < producerCount; p++)
        {
            var owned = Enumerable.Range(0, options.Streams)
                .Where(s => s % producerCount == p)
                .Select(s => (provider.GetStream<BenchEvent>(StreamId.Create(StreamCounterGrain.Namespace, s)), tally[s]))
                .ToArray();
            producers[p] = new StreamProducer(owned, batch);
        }

        info.WriteLine($"info: {options.Streams} streams, {producerCount} producers, OnNextBatchAsync of {batch} events; "
            + $"warm-up {options.Warmup} s, {options.Seconds} s measured unpaced, then {options.Seconds} s at half that rate");

        using var sampler = options.AllocationProfile ? new AllocationSampler() : null;
        Func<TimeSpan?> dependencyCpu = () => DependencyProcessorTime(dependencies);
        var full = await RunBlockAsync(producers, tally, FullRate, 0, options.Warmup, options.Seconds, dependencyCpu, sampler, info, cancellationToken);
        var rate = full.Delivered / full.Counters.Elapsed.TotalSeconds;
        var perEvent = Math.Max(1, full.Delivered);
        var used = full.Counters;
        info.WriteLine($"info: unpaced: {rate:0} events/s delivered, {full.Published / used.Elapsed.TotalSeconds:0} events/s published");
        info.WriteLine($"info: unpaced: GCs gen0 {used.Gen0Collections}, gen1 {used.Gen1Collections}, gen2 {used.Gen2Collections}, "
            + $"paused {used.GcPauseTime.TotalMilliseconds:0} ms ({used.GcPauseTime / used.Elapsed:P1} of the time)");
        info.WriteLine($"info: unpaced, per event delivered: {(double)used.AllocatedBytes / perEvent:0.#} bytes allocated, "
            + $"{used.ProcessorTime.TotalMicroseconds / perEvent:0.###} µs CPU in this process, {(double)used.CompletedWorkItems / perEvent:0.###} thread-pool work items, "
            + $"{(double)used.LockContentions / perEvent:0.####} lock contentions; {ThreadPool.ThreadCount} pool threads"
            + (full.DependencyCpu is { } database ? $"; {database.TotalMicroseconds / perEvent:0.###} µs CPU in the database server" : string.Empty));
        foreach (var (type, share) in sampler?.Top(15) ?? [])
        {
            info.WriteLine($"info: unpaced, sampled allocations: {share:P1} {type}");
        }

        DescribeLatency("unpaced (includes the queue backlog)", tally.Latency(FullRate), info);

        var halfRate = rate / 2;
        var interval = (long)(Stopwatch.Frequency * (double)batch * producerCount / Math.Max(1, halfRate));
        info.WriteLine($"info: half rate {halfRate:0} events/s: each producer publishes a batch every {interval * 1e3 / Stopwatch.Frequency:0.###} ms; settle 1 s");
        var half = await RunBlockAsync(producers, tally, HalfRate, interval, 1, options.Seconds, dependencyCpu, sampler: null, info, cancellationToken);
        info.WriteLine($"info: half rate: {half.Delivered / half.Counters.Elapsed.TotalSeconds:0} events/s delivered, "
            + $"{half.Published / half.Counters.Elapsed.TotalSeconds:0} events/s published, "
            + $"{half.Counters.ProcessorTime.TotalMicroseconds / Math.Max(1, half.Delivered):0.###} µs CPU per event in this process"
            + (half.DependencyCpu is { } halfDatabase ? $", {halfDatabase.TotalMicroseconds / Math.Max(1, half.Delivered):0.###} µs in the database server" : string.Empty));
        var latency = tally.Latency(HalfRate);
        DescribeLatency("half rate", latency, info);

        var published = tally.Published;
        var delivered = tally.Delivered;
        info.WriteLine($"info: in all {published} events published, {delivered} distinct delivered, {tally.Duplicates} duplicates (redelivered), "
            + $"{tally.Gaps} gaps in a stream's sequence, {producers.Sum(p => p.Failures)} failed publishes (retried)"
            + (producers.Select(p => p.FirstFailure).FirstOrDefault(f => f is not null) is { } failure ? $", first: {failure}" : string.Empty));

        return
        [
            new("events_per_sec", rate, "events/s", "0"),
            new("p50_ms", latency.PercentileMilliseconds(50), "ms", "0.###"),
            new("p99_ms", latency.PercentileMilliseconds(99), "ms", "0.###"),
            new("lost_events", published - delivered, "events", "0"),
        ];
    }

    private static async Task<Block> RunBlockAsync(
        StreamProducer[] producers, StreamTally tally, int window, long intervalTicks, int warmupSeconds, int seconds,
        Func<TimeSpan?> dependencyCpu, AllocationSampler? sampler, TextWriter info, CancellationToken cancellationToken)
    {
        using var stop = new CancellationTokenSource();
        var start = Stopwatch.GetTimestamp();
        var loops = producers
            .Select((producer, i) => Task.Run(() => producer.RunAsync(intervalTicks, start + (intervalTicks * i / producers.Length), stop.Token), cancellationToken))
            .ToArray();
        await Task.Delay(TimeSpan.FromSeconds(warmupSeconds), cancellationToken);

        tally.OpenWindow(window);
        sampler?.Recording = true;
        var before = ProcessCounters.Capture();
        var dependencyBefore = dependencyCpu();
        var deliveredBefore = tally.Delivered;
        var publishedBefore = tally.Published;
        var previous = deliveredBefore;
        for (var second = 1; second <= seconds; second++)
        {
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            var delivered = tally.Delivered;
            info.WriteLine($"info: second {second}: {delivered - previous} events delivered, backlog {tally.Published - delivered}");
            previous = delivered;
        }

        var used = ProcessCounters.Capture() - before;
        sampler?.Recording = false;
        var block = new Block(used, tally.Delivered - deliveredBefore, tally.Published - publishedBefore, dependencyCpu() - dependencyBefore);
        tally.CloseWindow(window);

        await stop.CancelAsync();
        await Task.WhenAll(loops).WaitAsync(TimeSpan.FromSeconds(60), cancellationToken);
        var backlog = tally.Published - tally.Delivered;
        var drain = Stopwatch.StartNew();
        var drained = await DrainAsync(tally, cancellationToken);
        info.WriteLine(drained
            ? $"info: producers stopped with {backlog} events undelivered; delivered within {drain.Elapsed.TotalSeconds:0.###} s"
            : $"info: producers stopped with {backlog} events undelivered; {tally.Published - tally.Delivered} still undelivered after {drain.Elapsed.TotalSeconds:0.#} s (gave up)");
        return block;
    }

    /// <summary>Waits until every published event was delivered; false after a stall or the deadline.</summary>
    private static async Task<bool> DrainAsync(StreamTally tally, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var last = -1L;
        var lastProgress = TimeSpan.Zero;
        while (true)
        {
            var delivered = tally.Delivered;
            if (delivered >= tally.Published)
            {
                return true;
            }

            if (delivered != last)
            {
                last = delivered;
                lastProgress = clock.Elapsed;
            }
            else if (clock.Elapsed - lastProgress > DrainStall || clock.Elapsed > DrainDeadline)
            {
                return false;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(5), cancellationToken);
        }
    }

    private static void DescribeLatency(string block, LatencyHistogram latency, TextWriter info) =>
        info.WriteLine($"info: {block}: latency of {latency.Count} events p50 {latency.PercentileMilliseconds(50):0.###} ms, "
            + $"p99 {latency.PercentileMilliseconds(99):0.###} ms, p99.9 {latency.PercentileMilliseconds(99.9):0.###} ms, max {latency.MaxMilliseconds:0.###} ms");

    private readonly record struct Block(ProcessCounters Counters, long Delivered, long Published, TimeSpan? DependencyCpu);
}
