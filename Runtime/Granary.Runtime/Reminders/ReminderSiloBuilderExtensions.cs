using Granary.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Granary.Reminders;

/// <summary>Gives a silo a reminder service; the SQL providers add <c>UseSqliteReminderService</c> and <c>UsePostgresReminderService</c>.</summary>
public static class ReminderSiloBuilderExtensions
{
    /// <summary>
    /// Keeps reminders in process memory: lost when the process ends. Uses the container's
    /// <see cref="InMemoryReminderTable"/> if one is registered (a test cluster registers one its silos share), else
    /// a table of this silo's own.
    /// </summary>
    public static ISiloBuilder UseInMemoryReminderService(this ISiloBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddReminderService(builder.Configuration);
        builder.Services.TryAddSingleton<InMemoryReminderTable>();
        builder.Services.AddSingleton<IReminderTable>(provider => provider.GetRequiredService<InMemoryReminderTable>());
        return builder;
    }

    /// <summary>Keeps reminders in <paramref name="table"/>: give every silo of a test cluster the same instance.</summary>
    public static ISiloBuilder UseInMemoryReminderService(this ISiloBuilder builder, InMemoryReminderTable table)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(table);
        builder.Services.AddReminderService(builder.Configuration);
        builder.Services.AddSingleton<IReminderTable>(table);
        return builder;
    }

    /// <summary>Adjusts the reminder service's settings in code (over configuration section <c>Granary:Reminders</c>).</summary>
    public static ISiloBuilder ConfigureReminders(this ISiloBuilder builder, Action<ReminderOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        builder.Services.Configure(configure);
        return builder;
    }
}
