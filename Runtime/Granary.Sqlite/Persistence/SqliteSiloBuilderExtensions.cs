using Granary.Hosting;
using Granary.Persistence.Relational;
using Microsoft.Extensions.Configuration;

namespace Granary.Sqlite.Persistence;

/// <summary>Registers SQLite grain storages on a silo.</summary>
public static class SqliteSiloBuilderExtensions
{
    private static readonly RelationalGrainStorageRegistration<SqliteGrainStorageOptions, SqliteGrainStorage> Registration = new(
        "SQLite",
        (storageName, settingsPath) => new SqliteGrainStorageOptionsValidator(storageName, settingsPath),
        (options, services) => new SqliteGrainStorage(
            services.Name, options, services.Serializer, services.TimeProvider, services.CreateLogger<SqliteGrainStorage>()));

    /// <summary>
    /// Adds a SQLite grain storage named <paramref name="name"/>, configured from the silo configuration section
    /// <c>Granary:Storage:{name}</c> (for example <c>Granary:Storage:Default:ConnectionString</c>).
    /// </summary>
    public static ISiloBuilder AddSqliteGrainStorage(this ISiloBuilder builder, string name) => Registration.Add(builder, name);

    /// <summary>Adds a SQLite grain storage named <paramref name="name"/>, bound from <paramref name="configuration"/>.</summary>
    public static ISiloBuilder AddSqliteGrainStorage(this ISiloBuilder builder, string name, IConfiguration configuration) =>
        Registration.Add(builder, name, configuration);

    /// <summary>Adds a SQLite grain storage named <paramref name="name"/>, configured in code.</summary>
    public static ISiloBuilder AddSqliteGrainStorage(this ISiloBuilder builder, string name, Action<SqliteGrainStorageOptions> configure) =>
        Registration.Add(builder, name, configure);
}
