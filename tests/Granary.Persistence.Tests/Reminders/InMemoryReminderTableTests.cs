using Granary.Reminders;
using Microsoft.Extensions.DependencyInjection;

namespace Granary.Persistence.Tests.Reminders;

public sealed class InMemoryReminderTableTests : ReminderTableContractTests
{
    // One table per cluster: an in-memory table holds one cluster's reminders.
    private readonly Dictionary<string, InMemoryReminderTable> _tables = [];

    protected override Task<IReminderTable> CreateTableAsync(string clusterId)
    {
        if (!_tables.TryGetValue(clusterId, out var table))
        {
            _tables[clusterId] = table = new InMemoryReminderTable();
        }

        return Task.FromResult<IReminderTable>(table);
    }

    [Fact]
    public async Task A_silo_without_a_table_of_its_own_uses_the_registered_one()
    {
        var shared = new InMemoryReminderTable();
        await using var host = await ReminderHost.StartAsync(builder =>
        {
            builder.Services.AddSingleton(shared);
            builder.UseInMemoryReminderService();
        });

        await host.Table.UpsertRowAsync(Entry(NewGrain(), "r"), CancellationToken.None);

        Assert.Equal(1, shared.Count);
    }

    [Fact]
    public async Task A_second_reminder_provider_is_refused() =>
        Assert.Throws<InvalidOperationException>(() => StorageHost.Build(builder => builder.UseInMemoryReminderService().UseInMemoryReminderService()));
}
