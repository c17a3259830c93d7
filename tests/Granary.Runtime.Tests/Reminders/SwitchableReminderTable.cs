using Granary.Reminders;

namespace Granary.Runtime.Tests.Reminders;

/// <summary>An in-memory reminder table that can be made to fail, like a database going away and coming back.</summary>
internal sealed class SwitchableReminderTable : IReminderTable
{
    private readonly InMemoryReminderTable _inner = new();

    public bool Failing { get; set; }

    public Task InitializeAsync(CancellationToken cancellationToken) => _inner.InitializeAsync(cancellationToken);

    public Task<ReminderEntry?> ReadRowAsync(GrainId grainId, string reminderName, CancellationToken cancellationToken)
    {
        ThrowIfFailing();
        return _inner.ReadRowAsync(grainId, reminderName, cancellationToken);
    }

    public Task<IReadOnlyList<ReminderEntry>> ReadRowsAsync(GrainId grainId, CancellationToken cancellationToken)
    {
        ThrowIfFailing();
        return _inner.ReadRowsAsync(grainId, cancellationToken);
    }

    public Task<IReadOnlyList<ReminderEntry>> ReadAllRowsAsync(CancellationToken cancellationToken)
    {
        ThrowIfFailing();
        return _inner.ReadAllRowsAsync(cancellationToken);
    }

    public Task<string> UpsertRowAsync(ReminderEntry entry, CancellationToken cancellationToken)
    {
        ThrowIfFailing();
        return _inner.UpsertRowAsync(entry, cancellationToken);
    }

    public Task<bool> RemoveRowAsync(GrainId grainId, string reminderName, string eTag, CancellationToken cancellationToken)
    {
        ThrowIfFailing();
        return _inner.RemoveRowAsync(grainId, reminderName, eTag, cancellationToken);
    }

    private void ThrowIfFailing()
    {
        if (Failing)
        {
            throw new InvalidOperationException("the reminder store is unreachable");
        }
    }
}
