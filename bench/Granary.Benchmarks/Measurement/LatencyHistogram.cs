using System.Diagnostics;
using System.Numerics;

namespace Granary.Benchmarks.Measurement;

/// <summary>
/// A log-linear latency histogram in nanoseconds, in the manner of HdrHistogram. Values below 128 ns are
/// counted exactly; each power of two above is split into 128 linear buckets, so a bucket spans at most
/// 1/128 of its value and a percentile read at the bucket's midpoint is within 0.4 % (well inside 1 %)
/// from 100 ns up to 17 s. Larger values are clamped to the top bucket; the exact maximum is kept apart.
/// Recording never allocates. One histogram per worker (not thread-safe); merge them with <see cref="Add"/>.
/// </summary>
internal sealed class LatencyHistogram
{
    private const int SubBucketBits = 7;
    private const int SubBucketCount = 1 << SubBucketBits;
    private const int MaxExponent = 34;
    private const long MaxTrackableNanoseconds = (1L << MaxExponent) - 1;
    private const int BucketCount = SubBucketCount + (MaxExponent - SubBucketBits) * SubBucketCount;

    private static readonly double NanosecondsPerTick = 1e9 / Stopwatch.Frequency;

    private readonly long[] _counts = new long[BucketCount];
    private long _maxNanoseconds;

    public long Count { get; private set; }

    public double MaxMilliseconds => _maxNanoseconds / 1e6;

    /// <summary>Records the time between two <see cref="Stopwatch.GetTimestamp"/> readings.</summary>
    public void RecordElapsed(long startTimestamp, long endTimestamp) =>
        RecordNanoseconds((long)((endTimestamp - startTimestamp) * NanosecondsPerTick));

    public void RecordNanoseconds(long nanoseconds)
    {
        var value = Math.Clamp(nanoseconds, 0, MaxTrackableNanoseconds);
        _counts[IndexOf(value)]++;
        Count++;
        if (nanoseconds > _maxNanoseconds)
        {
            _maxNanoseconds = nanoseconds;
        }
    }

    /// <summary>Adds <paramref name="other"/>'s counts to this one (merging per-worker histograms).</summary>
    public void Add(LatencyHistogram other)
    {
        ArgumentNullException.ThrowIfNull(other);
        for (var i = 0; i < BucketCount; i++)
        {
            _counts[i] += other._counts[i];
        }

        Count += other.Count;
        _maxNanoseconds = Math.Max(_maxNanoseconds, other._maxNanoseconds);
    }

    /// <summary>The latency at <paramref name="percentile"/> (0-100] in milliseconds; 0 when empty.</summary>
    public double PercentileMilliseconds(double percentile)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(percentile);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(percentile, 100);
        if (Count == 0)
        {
            return 0;
        }

        var rank = Math.Max(1, (long)Math.Ceiling(percentile / 100 * Count));
        long seen = 0;
        for (var i = 0; i < BucketCount; i++)
        {
            seen += _counts[i];
            if (seen >= rank)
            {
                var (low, high) = BoundsOf(i);
                return Math.Min((low + high) / 2.0, _maxNanoseconds) / 1e6;
            }
        }

        return MaxMilliseconds;
    }

    private static int IndexOf(long nanoseconds)
    {
        if (nanoseconds < SubBucketCount)
        {
            return (int)nanoseconds;
        }

        // Exponent of the highest set bit is >= SubBucketBits here; the next SubBucketBits bits pick the linear bucket.
        var shift = 63 - BitOperations.LeadingZeroCount((ulong)nanoseconds) - SubBucketBits;
        var subBucket = (int)(nanoseconds >> shift) - SubBucketCount;
        return SubBucketCount + (shift * SubBucketCount) + subBucket;
    }

    private static (long Low, long High) BoundsOf(int index)
    {
        if (index < SubBucketCount)
        {
            return (index, index);
        }

        var shift = (index - SubBucketCount) / SubBucketCount;
        var subBucket = (index - SubBucketCount) % SubBucketCount;
        var low = (long)(SubBucketCount + subBucket) << shift;
        return (low, low + (1L << shift) - 1);
    }
}
