using Granary.Hosting;
using Granary.Persistence.Relational;
using Microsoft.Extensions.Configuration;

namespace Granary.Postgres.Persistence;

/// <summary>Registers PostgreSQL grain storages on a silo.</summary>
public static class PostgresSiloBuilderExtensions
{
    private static readonly RelationalGrainStorageRegistration<PostgresGrainStorageOptions, PostgresGrainStorage> Registration = new(
        "PostgreSQL",
        (storageName, settingsPath) => new PostgresGrainStorageOptionsValidator(storageName, settingsPath),
        (options, services) => new PostgresGrainStorage(
            services.Name,
            options,
            services.Serializer,
            services.TimeProvider,
            services.LoggerFactory,
            services.CreateLogger<PostgresGrainStorage>()));

    /// <summary>
    /// Adds a PostgreSQL grain storage named <paramref name="name"/>, configured from the silo configuration section
    /// <c>Granary:Storage:{name}</c> (for example <c>Granary:Storage:Default:ConnectionString</c>).
    /// </summary>
    public static ISiloBuilder AddPostgresGrainStorage(this ISiloBuilder builder, string name) => Registration.Add(builder, name);

    /// <summary>Adds a PostgreSQL grain storage named <paramref name="name"/>, bound from <paramref name="configuration"/>.</summary>
    public static ISiloBuilder AddPostgresGrainStorage(this ISiloBuilder builder, string name, IConfiguration configuration) =>
        Registration.Add(builder, name, configuration);

    /// <summary>Adds a PostgreSQL grain storage named <paramref name="name"/>, configured in code.</summary>
    public static ISiloBuilder AddPostgresGrainStorage(this ISiloBuilder builder, string name, Action<PostgresGrainStorageOptions> configure) =>
        Registration.Add(builder, name, configure);
}
