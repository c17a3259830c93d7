using System.Diagnostics;

namespace Granary.Benchmarks.Measurement;

/// <summary>Latency and count per named operation, recorded from any thread; read between blocks.</summary>
internal sealed class OperationTimings
{
    private readonly Dictionary<string, LatencyHistogram> _byName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _maxima = new(StringComparer.Ordinal);

    /// <summary>Keeps the highest <paramref name="value"/> seen for <paramref name="gauge"/> (e.g. calls at once).</summary>
    public void ObserveMax(string gauge, long value)
    {
        lock (_byName)
        {
            if (!_maxima.TryGetValue(gauge, out var max) || value > max)
            {
                _maxima[gauge] = value;
            }
        }
    }

    public void Record(string operation, long startTimestamp) => RecordNanoseconds(operation, (long)(Stopwatch.GetElapsedTime(startTimestamp).TotalMilliseconds * 1e6));

    public void RecordNanoseconds(string operation, long nanoseconds)
    {
        lock (_byName)
        {
            if (!_byName.TryGetValue(operation, out var histogram))
            {
                _byName[operation] = histogram = new LatencyHistogram();
            }

            histogram.RecordNanoseconds(nanoseconds);
        }
    }

    /// <summary>One line per operation since the last call (which resets the counts).</summary>
    public IReadOnlyList<string> DescribeAndReset(double seconds)
    {
        lock (_byName)
        {
            var lines = _byName.OrderBy(pair => pair.Key, StringComparer.Ordinal)
                .Select(pair => $"{pair.Key}: {pair.Value.Count} ({pair.Value.Count / seconds:0}/s), p50 {pair.Value.PercentileMilliseconds(50):0.###} ms, "
                    + $"p99 {pair.Value.PercentileMilliseconds(99):0.###} ms, max {pair.Value.MaxMilliseconds:0.###} ms")
                .Concat(_maxima.OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => $"{pair.Key}: at most {pair.Value}"))
                .ToList();
            _byName.Clear();
            _maxima.Clear();
            return lines;
        }
    }
}
