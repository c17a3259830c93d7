using System.Globalization;

namespace Granary.Reminders;

/// <summary>
/// A reminder table in process memory: for a lone silo that needs no durability, and for test clusters, whose silos
/// share one instance (a silo's reminders then survive its death as long as the process lives). Versions count
/// across the whole table, so a re-registered reminder never gets the version of a removed one. Thread-safe; every
/// operation completes synchronously.
/// </summary>
public sealed class InMemoryReminderTable : IReminderTable
{
    private readonly Lock _lock = new();
    private readonly Dictionary<(GrainId GrainId, string Name), (ReminderEntry Entry, long Version)> _rows = [];
    private long _lastVersion;

    /// <summary>How many reminders are stored.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _rows.Count;
            }
        }
    }

    public Task InitializeAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<ReminderEntry?> ReadRowAsync(GrainId grainId, string reminderName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reminderName);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            return Task.FromResult(_rows.TryGetValue((grainId, reminderName), out var row) ? WithETag(row) : null);
        }
    }

    public Task<IReadOnlyList<ReminderEntry>> ReadRowsAsync(GrainId grainId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<ReminderEntry>>(
                [.. _rows.Values.Where(row => row.Entry.GrainId == grainId).Select(WithETag).OrderBy(e => e.ReminderName, StringComparer.Ordinal)]);
        }
    }

    public Task<IReadOnlyList<ReminderEntry>> ReadAllRowsAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<ReminderEntry>>([.. _rows.Values.Select(WithETag)]);
        }
    }

    public Task<string> UpsertRowAsync(ReminderEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            var version = ++_lastVersion;
            _rows[(entry.GrainId, entry.ReminderName)] = (entry with { ETag = null }, version);
            return Task.FromResult(Format(version));
        }
    }

    public Task<bool> RemoveRowAsync(GrainId grainId, string reminderName, string eTag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reminderName);
        ArgumentNullException.ThrowIfNull(eTag);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            var key = (grainId, reminderName);
            return Task.FromResult(_rows.TryGetValue(key, out var row) && Format(row.Version) == eTag && _rows.Remove(key));
        }
    }

    private static ReminderEntry WithETag((ReminderEntry Entry, long Version) row) => row.Entry with { ETag = Format(row.Version) };

    private static string Format(long version) => version.ToString(CultureInfo.InvariantCulture);
}
