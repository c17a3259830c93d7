using Granary.Hosting;
using Granary.Postgres.Reminders;
using Granary.Reminders;
using Granary.Silo.Configuration;
using Granary.Sqlite.Reminders;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Granary.Silo.Tests.Configuration;

public sealed class ReminderConfigurationTests
{
    [Fact]
    public async Task Without_reminder_settings_the_silo_keeps_reminders_in_the_embedded_sqlite_file_and_starts()
    {
        using var host = Build([]);
        await host.StartAsync();

        Assert.Equal("SqliteReminderTable", host.Services.GetRequiredService<IReminderTable>().GetType().Name);
        Assert.Equal(StorageConfiguration.DefaultConnectionString, host.Services.GetRequiredService<IOptions<SqliteReminderOptions>>().Value.ConnectionString);
        Assert.NotNull(await host.Services.GetRequiredService<IReminderTable>().ReadAllRowsAsync(CancellationToken.None));
        await host.StopAsync();
    }

    [Fact]
    public void Sqlite_reminders_share_the_default_storage_file_and_the_cluster_id()
    {
        using var host = Build(new()
        {
            ["Granary:Storage:Default:Provider"] = "Sqlite",
            ["Granary:Storage:Default:ConnectionString"] = "Data Source=/tmp/shop-state.db",
            ["Granary:Clustering:ClusterId"] = "shop",
        });

        var options = host.Services.GetRequiredService<IOptions<SqliteReminderOptions>>().Value;
        Assert.Equal(("Data Source=/tmp/shop-state.db", "shop"), (options.ConnectionString, options.ClusterId));
    }

    [Fact]
    public void Reminder_settings_of_their_own_win()
    {
        using var host = Build(new()
        {
            ["Granary:Storage:Default:Provider"] = "Postgres",
            ["Granary:Storage:Default:ConnectionString"] = "Host=127.0.0.1;Port=1;Username=state",
            ["Granary:Clustering:ClusterId"] = "shop",
            ["Granary:Reminders:Provider"] = "postgres",
            ["Granary:Reminders:ConnectionString"] = "Host=127.0.0.1;Port=1;Username=reminders",
            ["Granary:Reminders:ClusterId"] = "timers",
            ["Granary:Reminders:MinimumReminderPeriod"] = "00:00:05",
        });

        Assert.Equal("PostgresReminderTable", host.Services.GetRequiredService<IReminderTable>().GetType().Name);
        var options = host.Services.GetRequiredService<IOptions<PostgresReminderOptions>>().Value;
        Assert.Equal(("Host=127.0.0.1;Port=1;Username=reminders", "timers"), (options.ConnectionString, options.ClusterId));
        Assert.Equal(TimeSpan.FromSeconds(5), host.Services.GetRequiredService<IOptions<ReminderOptions>>().Value.MinimumReminderPeriod);
    }

    [Fact]
    public void Postgres_reminders_share_a_postgres_default_storage()
    {
        using var host = Build(new()
        {
            ["Granary:Storage:Default:Provider"] = "Postgres",
            ["Granary:Storage:Default:ConnectionString"] = "Host=127.0.0.1;Port=1;Username=state",
            ["Granary:Reminders:Provider"] = "Postgres",
        });

        Assert.Equal("Host=127.0.0.1;Port=1;Username=state", host.Services.GetRequiredService<IOptions<PostgresReminderOptions>>().Value.ConnectionString);
    }

    [Fact]
    public void Memory_reminders_need_no_database()
    {
        using var host = Build(new() { ["Granary:Reminders:Provider"] = "Memory" });

        Assert.IsType<InMemoryReminderTable>(host.Services.GetRequiredService<IReminderTable>());
    }

    [Fact]
    public void An_unknown_provider_names_the_setting_and_the_choices()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Build(new() { ["Granary:Reminders:Provider"] = "Quartz" }));

        Assert.Contains("Granary:Reminders:Provider", error.Message, StringComparison.Ordinal);
        Assert.Contains("'Quartz'", error.Message, StringComparison.Ordinal);
        Assert.Contains("Sqlite, Postgres, Memory", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Postgres_reminders_without_a_connection_string_stop_start_up_naming_the_setting()
    {
        using var host = Build(new()
        {
            ["Granary:Storage:Default:Provider"] = "Memory",
            ["Granary:Reminders:Provider"] = "Postgres",
        });

        var error = await Assert.ThrowsAnyAsync<Exception>(() => host.StartAsync());

        Assert.Contains("Granary:Reminders:ConnectionString", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_reminder_setting_stops_start_up_naming_it()
    {
        using var host = Build(new() { ["Granary:Reminders:Provider"] = "Memory", ["Granary:Reminders:RefreshPeriod"] = "00:00:00" });

        var error = await Assert.ThrowsAnyAsync<Exception>(() => host.StartAsync());

        Assert.Contains("Granary:Reminders:RefreshPeriod", error.Message, StringComparison.Ordinal);
    }

    private static IHost Build(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.UseGranary(silo => silo.AddGrainStorageFromConfiguration().AddClusteringFromConfiguration().AddRemindersFromConfiguration());
        return builder.Build();
    }
}
