using System.Diagnostics;
using Orleans.Runtime;

namespace Granary.Benchmarks.Measurement;

/// <summary>
/// Times each call to the silo's reminder table (the product's own, wrapped; it changes nothing else): a saga
/// registers and removes one reminder per order, and on SQLite these writes bypass the file's shared writer.
/// </summary>
internal sealed class TimedReminderTable(IReminderTable inner, OperationTimings timings) : IReminderTable
{
    private int _inFlight;

    public Task StartAsync(CancellationToken cancellationToken = default) => inner.StartAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken = default) => inner.StopAsync(cancellationToken);

    public Task<ReminderTableData> ReadRows(GrainId grainId) => TimeAsync("reminder table ReadRows(grain)", () => inner.ReadRows(grainId));

    public Task<ReminderTableData> ReadRows(uint begin, uint end) => TimeAsync("reminder table ReadRows(range)", () => inner.ReadRows(begin, end));

    public Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName) => TimeAsync("reminder table ReadRow", () => inner.ReadRow(grainId, reminderName));

    public Task<string?> UpsertRow(ReminderEntry entry) => TimeAsync("reminder table UpsertRow", () => inner.UpsertRow(entry));

    public Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag) => TimeAsync("reminder table RemoveRow", () => inner.RemoveRow(grainId, reminderName, eTag));

    public Task TestOnlyClearTable() => inner.TestOnlyClearTable();

    // The call itself is timed too: an ADO.NET provider may do all its work before returning the task.
    private async Task<T> TimeAsync<T>(string operation, Func<Task<T>> call)
    {
        // At most 1 at once would mean the reminder service hands the table one call at a time.
        timings.ObserveMax("reminder table calls at once", Interlocked.Increment(ref _inFlight));

        var start = Stopwatch.GetTimestamp();
        try
        {
            return await call();
        }
        finally
        {
            timings.Record(operation, start);
            Interlocked.Decrement(ref _inFlight);
        }
    }
}
