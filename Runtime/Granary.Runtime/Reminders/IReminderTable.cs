namespace Granary.Reminders;

/// <summary>
/// Where reminders are stored, shared by every silo of a cluster (the implementation is scoped to one cluster id).
/// Rows are keyed by (grain id, reminder name); every write gives the row a new version, returned as its etag.
/// A new row never starts at a version an earlier row of the same key had, so the etag of a removed registration
/// never matches a later registration under the same name. Failures to reach the store throw <see cref="ReminderException"/>.
/// </summary>
public interface IReminderTable
{
    /// <summary>Creates what the table needs (schema) if missing; idempotent.</summary>
    Task InitializeAsync(CancellationToken cancellationToken);

    /// <summary>The reminder <paramref name="reminderName"/> of <paramref name="grainId"/>, or null.</summary>
    Task<ReminderEntry?> ReadRowAsync(GrainId grainId, string reminderName, CancellationToken cancellationToken);

    /// <summary>Every reminder of <paramref name="grainId"/>, ordered by name.</summary>
    Task<IReadOnlyList<ReminderEntry>> ReadRowsAsync(GrainId grainId, CancellationToken cancellationToken);

    /// <summary>
    /// Every reminder of the cluster. A silo filters this list down to the grains it owns by consistent hashing
    /// (the hash ring does not expose its ranges, so the table cannot be asked for them).
    /// </summary>
    Task<IReadOnlyList<ReminderEntry>> ReadAllRowsAsync(CancellationToken cancellationToken);

    /// <summary>Inserts or replaces the row of the entry's grain and name (whatever its etag); returns the new etag.</summary>
    Task<string> UpsertRowAsync(ReminderEntry entry, CancellationToken cancellationToken);

    /// <summary>Deletes the row if its etag is still <paramref name="eTag"/>; false when it is missing or was written since.</summary>
    Task<bool> RemoveRowAsync(GrainId grainId, string reminderName, string eTag, CancellationToken cancellationToken);
}
