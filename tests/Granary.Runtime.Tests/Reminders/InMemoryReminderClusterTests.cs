using Granary.Reminders;
using Granary.Testing;

namespace Granary.Runtime.Tests.Reminders;

/// <summary>The cluster stories with the test cluster's in-memory membership and the reminder table its silos share.</summary>
public sealed class InMemoryReminderClusterTests : ReminderClusterTests
{
    protected override Task ConfigureAsync(TestClusterBuilder builder)
    {
        builder.ConfigureSilo(silo => silo.UseInMemoryReminderService());
        return Task.CompletedTask;
    }
}
