using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Hosting;

namespace Granary.Extensions.Sqlite;

/// <summary>Registers <see cref="SqliteReminderTable"/> as a silo's reminder service.</summary>
public static class SqliteReminderTableBuilderExtensions
{
    public static ISiloBuilder UseSqliteReminderService(this ISiloBuilder builder, Action<SqliteReminderTableOptions> configure)
    {
        builder.AddReminders();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<SqliteWriteQueues>();
        builder.Services.AddOptions<SqliteReminderTableOptions>().Configure(configure);
        builder.Services.AddSingleton<IReminderTable, SqliteReminderTable>();
        return builder;
    }
}
