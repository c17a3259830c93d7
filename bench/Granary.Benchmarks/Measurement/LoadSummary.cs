namespace Granary.Benchmarks.Measurement;

/// <summary>What a measured block of calls gave: totals, merged latency and each worker's count.</summary>
internal sealed record LoadSummary(long Calls, long Failures, double Seconds, LatencyHistogram Latency, long[] PerWorker)
{
    public double CallsPerSecond => Calls / Seconds;

    /// <summary>Jain's fairness index of the per-worker counts: (Σx)² / (n·Σx²); 1 when every worker made as many calls.</summary>
    public double JainIndex
    {
        get
        {
            double sum = 0, squares = 0;
            foreach (var count in PerWorker)
            {
                sum += count;
                squares += (double)count * count;
            }

            return squares == 0 ? 0 : sum * sum / (PerWorker.Length * squares);
        }
    }

    public string Describe() =>
        $"{Calls} calls in {Seconds:0.00} s ({CallsPerSecond:0} calls/s), {Failures} failed; p50 {Latency.PercentileMilliseconds(50):0.###} ms, "
        + $"p99 {Latency.PercentileMilliseconds(99):0.###} ms, p99.9 {Latency.PercentileMilliseconds(99.9):0.###} ms, max {Latency.MaxMilliseconds:0.###} ms; "
        + $"per worker min {PerWorker.Min()}, max {PerWorker.Max()} (min/max {(PerWorker.Max() == 0 ? 0 : (double)PerWorker.Min() / PerWorker.Max()):0.###}), Jain's index {JainIndex:0.####}";
}
