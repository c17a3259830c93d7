using System.Diagnostics;
using System.Globalization;
using Granary.Streaming.Queues;
using Granary.Streams;
using Granary.TestInfrastructure;
using Xunit.Abstractions;

namespace Granary.Persistence.Tests.Streaming;

/// <summary>
/// A micro-benchmark of the queues alone (no grains): producers enqueue through the adapter while one receiver
/// per queue reads and completes, as delivery agents do. Runs only when <c>GRANARY_STREAM_BENCH=1</c>:
/// <c>GRANARY_STREAM_BENCH=1 dotnet test tests/Granary.Persistence.Tests -c Release --filter PostgresStreamThroughputTests --logger "console;verbosity=detailed"</c>
/// (set <c>GRANARY_TEST_POSTGRES</c> to measure against a server with durable commits; the throwaway one runs with fsync off).
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresStreamThroughputTests(PostgresServer server, ITestOutputHelper output)
{
    private const int QueueCount = 8;

    private static bool Enabled => Environment.GetEnvironmentVariable("GRANARY_STREAM_BENCH") == "1";

    [Fact]
    public async Task Throughput_end_to_end_with_concurrent_producers()
    {
        if (!Enabled)
        {
            return;
        }

        foreach (var (producers, itemsPerCall) in new[] { (1, 1), (16, 1), (64, 1), (256, 1), (1024, 1), (16, 10), (64, 10) })
        {
            var events = producers == 1 ? 5_000 : 100_000;
            var result = await RunClosedLoopAsync(producers, events, itemsPerCall);
            output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{producers,4} producers x {itemsPerCall,2} items/call, {result.Events} events: {result.EventsPerSecond,7:F0} events/s end to end, latency p50 {result.P50.TotalMilliseconds:F1} ms, p99 {result.P99.TotalMilliseconds:F1} ms"));
        }
    }

    [Fact]
    public async Task Latency_at_5000_events_per_second()
    {
        if (!Enabled)
        {
            return;
        }

        var result = await RunPacedAsync(ratePerSecond: 5_000, seconds: 10);
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"paced 5,000 events/s for 10 s ({result.Events} single-event calls, 1,000 streams): {result.EventsPerSecond:F0} events/s delivered, latency p50 {result.P50.TotalMilliseconds:F1} ms, p99 {result.P99.TotalMilliseconds:F1} ms, max {result.Max.TotalMilliseconds:F1} ms"));
        Assert.True(result.P99 < TimeSpan.FromMilliseconds(500), $"p99 {result.P99}");
    }

    /// <summary>Each producer publishes to its own stream and awaits every call before the next (as a grain does).</summary>
    private async Task<BenchResult> RunClosedLoopAsync(int producers, int events, int itemsPerCall)
    {
        var callsPerProducer = events / producers / itemsPerCall;
        var perProducer = callsPerProducer * itemsPerCall;
        events = perProducer * producers;
        return await MeasureAsync(events, async (adapter, clock) =>
        {
            await Task.WhenAll(Enumerable.Range(0, producers).Select(producer => Task.Run(async () =>
            {
                var stream = StreamId.Create("bench", $"p{producer}");
                var queue = (int)(stream.GetUniformHashCode() % QueueCount);
                for (var call = 0; call < callsPerProducer; call++)
                {
                    var items = new object?[itemsPerCall];
                    for (var i = 0; i < itemsPerCall; i++)
                    {
                        items[i] = new ProducedItem(producer, (call * itemsPerCall) + i, Stopwatch.GetTimestamp());
                    }

                    await adapter.EnqueueAsync(queue, stream, items, CancellationToken.None);
                }
            })));
        }, item => (item.Producer * perProducer) + item.Number);
    }

    /// <summary>Open loop: calls start at a fixed rate whatever earlier ones are doing (many independent publishers).</summary>
    private async Task<BenchResult> RunPacedAsync(int ratePerSecond, int seconds)
    {
        var events = ratePerSecond * seconds;
        return await MeasureAsync(events, async (adapter, clock) =>
        {
            var calls = new List<Task>(events);
            var started = 0;
            while (started < events)
            {
                var due = Math.Min(events, (int)(clock.Elapsed.TotalSeconds * ratePerSecond) + 1);
                for (; started < due; started++)
                {
                    var stream = StreamId.Create("bench", $"s{started % 1000}");
                    var queue = (int)(stream.GetUniformHashCode() % QueueCount);
                    calls.Add(adapter.EnqueueAsync(queue, stream, [new ProducedItem(0, started, Stopwatch.GetTimestamp())], CancellationToken.None));
                }

                await Task.Delay(1);
            }

            await Task.WhenAll(calls);
        }, item => item.Number);
    }

    private async Task<BenchResult> MeasureAsync(int events, Func<IStreamQueueAdapter, Stopwatch, Task> produce, Func<ProducedItem, int> slot)
    {
        await using var host = await StreamQueueHost.StartAsync(
            server.ConnectionString, siloAddress: "10.0.0.1:11111@1", configure: options => options.QueueCount = QueueCount);
        var latencies = new long[events];
        var received = 0;
        using var done = new CancellationTokenSource();
        var allReceived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        // One receiver per queue, looping like a delivery agent: read a batch, handle it, complete it, wait when empty.
        var receivers = Enumerable.Range(0, QueueCount).Select(queue => Task.Run(async () =>
        {
            await using var receiver = host.Adapter.CreateReceiver(queue);
            if (!await receiver.TryAcquireAsync([host.Owner], CancellationToken.None))
            {
                throw new InvalidOperationException($"queue {queue} not acquired");
            }

            while (!done.IsCancellationRequested)
            {
                var batch = await receiver.ReadAsync(256, CancellationToken.None);
                if (batch.Count == 0)
                {
                    try
                    {
                        await receiver.WaitForEventsAsync(TimeSpan.FromMilliseconds(100), done.Token);
                    }
                    catch (OperationCanceledException)
                    {
                    }

                    continue;
                }

                var now = Stopwatch.GetTimestamp();
                foreach (var queued in batch)
                {
                    var item = (ProducedItem)queued.Item!;
                    latencies[slot(item)] = now - item.EnqueuedTimestamp;
                }

                await receiver.CompleteAsync(batch, CancellationToken.None);
                if (Interlocked.Add(ref received, batch.Count) >= events)
                {
                    allReceived.TrySetResult();
                }
            }
        })).ToArray();

        var clock = Stopwatch.StartNew();
        await produce(host.Adapter, clock);
        await allReceived.Task.WaitAsync(TimeSpan.FromMinutes(5));
        var elapsed = clock.Elapsed;
        await done.CancelAsync();
        await Task.WhenAll(receivers);

        Array.Sort(latencies);
        TimeSpan At(double quantile) => Stopwatch.GetElapsedTime(0, latencies[(int)Math.Min(latencies.Length - 1, quantile * latencies.Length)]);
        return new BenchResult(events, events / elapsed.TotalSeconds, At(0.50), At(0.99), Stopwatch.GetElapsedTime(0, latencies[^1]));
    }

    private sealed record BenchResult(int Events, double EventsPerSecond, TimeSpan P50, TimeSpan P99, TimeSpan Max);
}
