using System.Diagnostics.Metrics;

namespace Granary.Benchmarks.Measurement;

/// <summary>
/// Listens to Orleans' own grain-storage latency instruments (<c>orleans-storage-*-latency</c>, published by every silo
/// in this process) and records them into <see cref="OperationTimings"/>: how long a state write waits for its commit.
/// </summary>
internal sealed class StorageLatencyListener : IDisposable
{
    private readonly MeterListener _listener = new();

    public StorageLatencyListener(OperationTimings timings)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Name is "orleans-storage-write-latency" or "orleans-storage-read-latency" or "orleans-storage-clear-latency")
            {
                listener.EnableMeasurementEvents(instrument, timings);
            }
        };
        _listener.SetMeasurementEventCallback<double>((instrument, value, _, state) => Record(instrument, value, state));
        _listener.SetMeasurementEventCallback<float>((instrument, value, _, state) => Record(instrument, value, state));
        _listener.SetMeasurementEventCallback<long>((instrument, value, _, state) => Record(instrument, value, state));
        _listener.SetMeasurementEventCallback<int>((instrument, value, _, state) => Record(instrument, value, state));
        _listener.Start();
    }

    public void Dispose() => _listener.Dispose();

    private static void Record(Instrument instrument, double value, object? state)
    {
        // Orleans reports these in milliseconds; seconds only if a later version says so in the unit.
        var nanoseconds = instrument.Unit is "s" ? value * 1e9 : value * 1e6;
        var operation = "grain storage " + instrument.Name["orleans-storage-".Length..^"-latency".Length];
        ((OperationTimings)state!).RecordNanoseconds(operation, (long)nanoseconds);
    }
}
