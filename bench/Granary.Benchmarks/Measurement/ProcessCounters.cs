using System.Diagnostics;

namespace Granary.Benchmarks.Measurement;

/// <summary>
/// Process-wide counters read before and after a measured block, so the difference can be divided by the
/// number of calls: allocations, GCs, thread-pool work items, lock contention and CPU time.
/// </summary>
internal readonly record struct ProcessCounters(
    long AllocatedBytes,
    int Gen0Collections,
    int Gen1Collections,
    int Gen2Collections,
    TimeSpan GcPauseTime,
    long CompletedWorkItems,
    long LockContentions,
    TimeSpan ProcessorTime,
    long Timestamp)
{
    public static ProcessCounters Capture()
    {
        using var process = Process.GetCurrentProcess();
        return new ProcessCounters(
            GC.GetTotalAllocatedBytes(precise: true),
            GC.CollectionCount(0),
            GC.CollectionCount(1),
            GC.CollectionCount(2),
            GC.GetTotalPauseDuration(),
            ThreadPool.CompletedWorkItemCount,
            Monitor.LockContentionCount,
            process.TotalProcessorTime,
            Stopwatch.GetTimestamp());
    }

    public static ProcessCounters operator -(ProcessCounters after, ProcessCounters before) => new(
        after.AllocatedBytes - before.AllocatedBytes,
        after.Gen0Collections - before.Gen0Collections,
        after.Gen1Collections - before.Gen1Collections,
        after.Gen2Collections - before.Gen2Collections,
        after.GcPauseTime - before.GcPauseTime,
        after.CompletedWorkItems - before.CompletedWorkItems,
        after.LockContentions - before.LockContentions,
        after.ProcessorTime - before.ProcessorTime,
        after.Timestamp - before.Timestamp);

    public TimeSpan Elapsed => Stopwatch.GetElapsedTime(0, Timestamp);
}
