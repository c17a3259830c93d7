using Granary.Hosting;

namespace Granary.Reminders.Relational;

/// <summary>Creates the reminder table (where the provider does) before the silo takes calls.</summary>
internal sealed class RelationalReminderTableInitializer(IReminderTable table) : ISiloStartupTask
{
    public Task ExecuteAsync(CancellationToken cancellationToken) => table.InitializeAsync(cancellationToken);
}
