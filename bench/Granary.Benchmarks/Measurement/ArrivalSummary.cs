namespace Granary.Benchmarks.Measurement;

/// <summary>
/// What an open-loop block gave: calls due inside the measured window, how many completed and failed, their latency
/// from the time each was due, and how late the dispatcher got (a late dispatcher is part of the latency).
/// </summary>
internal sealed record ArrivalSummary(long Due, long Completed, long Failures, double Seconds, LatencyHistogram Latency, double MaxDispatchLagMs, long MaxInFlight)
{
    public double CompletedPerSecond => Completed / Seconds;

    public string Describe() =>
        $"{Due} calls due in {Seconds:0.00} s, {Completed} completed ({CompletedPerSecond:0}/s), {Failures} failed; latency from due time p50 "
        + $"{Latency.PercentileMilliseconds(50):0.###} ms, p99 {Latency.PercentileMilliseconds(99):0.###} ms, p99.9 {Latency.PercentileMilliseconds(99.9):0.###} ms, "
        + $"max {Latency.MaxMilliseconds:0.###} ms; dispatcher at most {MaxDispatchLagMs:0.###} ms late, at most {MaxInFlight} calls in flight";
}
