using Granary.Hosting;
using Granary.Postgres.Persistence;
using Granary.Sqlite.Persistence;
using Microsoft.Extensions.Configuration;

namespace Granary.Silo.Configuration;

/// <summary>
/// Registers one grain storage per child of <c>Granary:Storage</c>, by its <c>Provider</c> setting.
/// With no storage configured the silo uses the embedded default: SQLite in <c>granary.db</c>.
/// A missing or unknown provider stops start-up with a message naming the setting.
/// </summary>
internal static class StorageConfiguration
{
    public const string SectionName = "Granary:Storage";
    public const string DefaultConnectionString = "Data Source=granary.db";

    private static readonly string[] KnownProviders = ["Sqlite", "Postgres", "Memory"];

    public static ISiloBuilder AddGrainStorageFromConfiguration(this ISiloBuilder silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        var storages = silo.Configuration.GetSection(SectionName).GetChildren().ToList();
        if (storages.Count == 0)
        {
            return silo.AddSqliteGrainStorage("Default", options => options.ConnectionString = DefaultConnectionString);
        }

        foreach (var storage in storages)
        {
            var setting = $"{SectionName}:{storage.Key}:Provider";
            var provider = storage["Provider"];
            if (string.IsNullOrWhiteSpace(provider))
            {
                throw new InvalidOperationException(
                    $"{setting} is not set; choose one of {string.Join(", ", KnownProviders)}.");
            }

            switch (provider.Trim().ToUpperInvariant())
            {
                case "SQLITE":
                    silo.AddSqliteGrainStorage(storage.Key, storage);
                    break;
                case "POSTGRES":
                case "POSTGRESQL":
                    silo.AddPostgresGrainStorage(storage.Key, storage);
                    break;
                case "MEMORY":
                    silo.AddMemoryGrainStorage(storage.Key);
                    break;
                default:
                    throw new InvalidOperationException(
                        $"{setting} is '{provider}', which is not a storage provider; choose one of {string.Join(", ", KnownProviders)}.");
            }
        }

        return silo;
    }
}
