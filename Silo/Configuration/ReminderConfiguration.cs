using Granary.Hosting;
using Granary.Postgres.Reminders;
using Granary.Reminders;
using Granary.Sqlite.Reminders;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Granary.Silo.Configuration;

/// <summary>
/// Picks where reminders live from <c>Granary:Reminders:Provider</c>: <c>Sqlite</c> (the default), <c>Postgres</c>
/// or <c>Memory</c> (a lone silo that may lose them). Without <c>Granary:Reminders:ConnectionString</c> the SQL
/// providers use the <c>Default</c> grain storage's database when it has the same provider (for the embedded default,
/// <c>granary.db</c>); without <c>Granary:Reminders:ClusterId</c>, the clustering one. An unknown provider or a missing
/// connection string stops start-up with a message naming the setting.
/// </summary>
internal static class ReminderConfiguration
{
    public const string ProviderSetting = ReminderOptions.SectionName + ":Provider";

    private static readonly string[] KnownProviders = ["Sqlite", "Postgres", "Memory"];

    public static ISiloBuilder AddRemindersFromConfiguration(this ISiloBuilder silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        var section = silo.Configuration.GetSection(ReminderOptions.SectionName);
        var provider = section["Provider"];
        switch (string.IsNullOrWhiteSpace(provider) ? "SQLITE" : provider.Trim().ToUpperInvariant())
        {
            case "SQLITE":
                silo.UseSqliteReminderService(section);
                silo.Services.PostConfigure<SqliteReminderOptions>(options =>
                {
                    options.ConnectionString = Fallback(options.ConnectionString, StorageConnectionString(silo.Configuration, "SQLITE"));
                    options.ClusterId = ClusterId(silo.Configuration, options.ClusterId);
                });
                return silo;
            case "POSTGRES":
            case "POSTGRESQL":
                silo.UsePostgresReminderService(section);
                silo.Services.PostConfigure<PostgresReminderOptions>(options =>
                {
                    options.ConnectionString = Fallback(options.ConnectionString, StorageConnectionString(silo.Configuration, "POSTGRES"));
                    options.ClusterId = ClusterId(silo.Configuration, options.ClusterId);
                });
                return silo;
            case "MEMORY":
                return silo.UseInMemoryReminderService();
            default:
                throw new InvalidOperationException(
                    $"{ProviderSetting} is '{provider}', which is not a reminder provider; choose one of {string.Join(", ", KnownProviders)}.");
        }
    }

    private static string Fallback(string configured, string? fallback) => string.IsNullOrWhiteSpace(configured) ? fallback ?? configured : configured;

    /// <summary>The Default grain storage's connection string when it uses <paramref name="provider"/>; the embedded default's for SQLite.</summary>
    private static string? StorageConnectionString(IConfiguration configuration, string provider)
    {
        var storage = configuration.GetSection(StorageConfiguration.SectionName);
        if (!storage.GetChildren().Any())
        {
            return provider == "SQLITE" ? StorageConfiguration.DefaultConnectionString : null;
        }

        var kind = storage["Default:Provider"]?.Trim().ToUpperInvariant();
        return kind == provider || (provider == "POSTGRES" && kind == "POSTGRESQL") ? storage["Default:ConnectionString"] : null;
    }

    /// <summary>The reminders' own cluster id if set, else the clustering one, so silos of one cluster share their reminders.</summary>
    private static string ClusterId(IConfiguration configuration, string bound) =>
        configuration[ReminderOptions.SectionName + ":ClusterId"] is { Length: > 0 }
            ? bound
            : configuration["Granary:Clustering:ClusterId"] is { Length: > 0 } clustering ? clustering : bound;
}
