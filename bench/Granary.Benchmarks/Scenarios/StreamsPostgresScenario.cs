using System.Diagnostics;
using Granary.Benchmarks.Grains;
using Granary.Benchmarks.Hosting;
using Granary.Benchmarks.Measurement;
using Granary.Grains.Streams;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Runtime;
using Orleans.Streams;

namespace Granary.Benchmarks.Scenarios;

/// <summary>
/// The durable stream provider on PostgreSQL: one silo in this process composed like the product's (<c>AddGranary</c>
/// registers the relational provider <see cref="StreamProvider.Name"/>, settings <c>Granary:Streams:*</c>, e.g. through
/// <c>--set</c>) on a throwaway PostgreSQL, 64 streams each consumed by its implicitly subscribed
/// <see cref="StreamCounterGrain"/>, 64 producers each owning one stream and publishing <c>OnNextBatchAsync</c> of
/// <c>--batch</c> (100) events. Block 1 unpaced (events delivered in the block ÷ its length); block 2 paced at half that rate (delivery
/// latency of the events published in it). Producers stop after each block and delivery drains; at the end
/// lost = published − distinct delivered.
/// </summary>
internal sealed class StreamsPostgresScenario : IScenario
{
    private const int Streams = 64;
    private const int FullRate = 0;
    private const int HalfRate = 1;
    private static readonly TimeSpan DrainDeadline = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan DrainStall = TimeSpan.FromSeconds(20);

    public string Name => "streams-postgres";

    public string Description => "producers -> durable PostgreSQL streams -> implicit consumer grains (events_per_sec, p99_ms at half rate, lost_events)";

    public async Task<IReadOnlyList<BenchmarkResult>> RunAsync(BenchmarkOptions options, TextWriter info, CancellationToken cancellationToken)
    {
        var tally = new StreamTally(Streams);
        await using var postgres = await PostgresLauncher.StartAsync(cancellationToken);
        info.WriteLine($"info: PostgreSQL: {postgres.Description}");
        var settings = SiloSettings.Postgres("silo", postgres.ConnectionString, "bench-streams", options);
        using var host = BenchSiloHost.Build(settings.Values, silo => silo.Services.AddSingleton(tally));
        await host.StartAsync(cancellationToken);
        try
        {
            var provider = host.Services.GetRequiredService<IClusterClient>().GetStreamProvider(StreamProvider.Name);
            return await MeasureAsync(provider, tally, options, info, cancellationToken);
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }
    }

    private static async Task<IReadOnlyList<BenchmarkResult>> MeasureAsync(IStreamProvider provider, StreamTally tally, BenchmarkOptions options, TextWriter info, CancellationToken cancellationToken)
    {
        var producers = Enumerable.Range(0, Streams)
            .Select(s => new StreamProducer([(provider.GetStream<BenchEvent>(StreamId.Create(StreamCounterGrain.Namespace, s)), tally[s])], options.Batch))
            .ToArray();
        info.WriteLine($"info: {Streams} streams, one producer each, OnNextBatchAsync of {options.Batch} events; provider defaults; "
            + $"warm-up {options.Warmup} s, {options.Seconds} s measured unpaced, then {options.Seconds} s at half that rate");

        var full = await RunBlockAsync(producers, tally, FullRate, 0, options.Warmup, options.Seconds, info, cancellationToken);
        var rate = full.Delivered / full.Seconds;
        info.WriteLine($"info: unpaced: {rate:0} events/s delivered, {full.Published / full.Seconds:0} events/s published");
        Describe("unpaced (includes the queue backlog)", tally.Latency(FullRate), info);

        var halfRate = rate / 2;
        var interval = (long)(Stopwatch.Frequency * (double)options.Batch * producers.Length / Math.Max(1, halfRate));
        info.WriteLine($"info: half rate {halfRate:0} events/s: each producer publishes a batch every {interval * 1e3 / Stopwatch.Frequency:0.###} ms; settle 1 s");
        var half = await RunBlockAsync(producers, tally, HalfRate, interval, 1, options.Seconds, info, cancellationToken);
        info.WriteLine($"info: half rate: {half.Delivered / half.Seconds:0} events/s delivered, {half.Published / half.Seconds:0} events/s published");
        var latency = tally.Latency(HalfRate);
        Describe("half rate", latency, info);

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

    private static async Task<(long Delivered, long Published, double Seconds)> RunBlockAsync(
        StreamProducer[] producers, StreamTally tally, int window, long intervalTicks, int warmupSeconds, int seconds, TextWriter info, CancellationToken cancellationToken)
    {
        using var stop = new CancellationTokenSource();
        var start = Stopwatch.GetTimestamp();
        var loops = producers
            .Select((producer, i) => Task.Run(() => producer.RunAsync(intervalTicks, start + (intervalTicks * i / producers.Length), stop.Token), cancellationToken))
            .ToArray();
        await Task.Delay(TimeSpan.FromSeconds(warmupSeconds), cancellationToken);

        tally.OpenWindow(window);
        var blockStart = Stopwatch.GetTimestamp();
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

        var block = (tally.Delivered - deliveredBefore, tally.Published - publishedBefore, Stopwatch.GetElapsedTime(blockStart).TotalSeconds);
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

            await Task.Delay(TimeSpan.FromMilliseconds(10), cancellationToken);
        }
    }

    private static void Describe(string block, LatencyHistogram latency, TextWriter info) =>
        info.WriteLine($"info: {block}: latency of {latency.Count} events p50 {latency.PercentileMilliseconds(50):0.###} ms, "
            + $"p99 {latency.PercentileMilliseconds(99):0.###} ms, p99.9 {latency.PercentileMilliseconds(99.9):0.###} ms, max {latency.MaxMilliseconds:0.###} ms");
}
