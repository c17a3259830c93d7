using Granary.Hosting;
using Granary.Persistence;
using Granary.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Granary.Sqlite.Persistence;

/// <summary>Registers SQLite grain storages on a silo.</summary>
public static class SqliteSiloBuilderExtensions
{
    /// <summary>
    /// Adds a SQLite grain storage named <paramref name="name"/>, configured from the silo configuration section
    /// <c>Granary:Storage:{name}</c> (for example <c>Granary:Storage:Default:ConnectionString</c>).
    /// </summary>
    public static ISiloBuilder AddSqliteGrainStorage(this ISiloBuilder builder, string name)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return builder.AddSqliteGrainStorage(name, builder.Configuration.GetSection(DefaultSettingsPath(name)));
    }

    /// <summary>Adds a SQLite grain storage named <paramref name="name"/>, bound from <paramref name="configuration"/>.</summary>
    public static ISiloBuilder AddSqliteGrainStorage(this ISiloBuilder builder, string name, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(configuration);
        var settingsPath = configuration is IConfigurationSection section ? section.Path : DefaultSettingsPath(name);
        Register(builder, name, settingsPath).Bind(configuration);
        return builder;
    }

    /// <summary>Adds a SQLite grain storage named <paramref name="name"/>, configured in code.</summary>
    public static ISiloBuilder AddSqliteGrainStorage(this ISiloBuilder builder, string name, Action<SqliteGrainStorageOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(configure);
        Register(builder, name, DefaultSettingsPath(name)).Configure(configure);
        return builder;
    }

    private static string DefaultSettingsPath(string name) => $"Granary:Storage:{name}";

    private static OptionsBuilder<SqliteGrainStorageOptions> Register(ISiloBuilder builder, string name, string settingsPath)
    {
        var services = builder.Services;
        if (services.Any(d => d.IsKeyedService && d.ServiceType == typeof(IGrainStorage) && Equals(d.ServiceKey, name)))
        {
            throw new InvalidOperationException($"A grain storage named '{name}' is already registered.");
        }

        services.AddSingleton<IValidateOptions<SqliteGrainStorageOptions>>(new SqliteGrainStorageOptionsValidator(name, settingsPath));
        services.AddKeyedSingleton<IGrainStorage>(name, (provider, _) => Create(provider, name));
        services.AddSingleton<ISiloStartupTask>(provider =>
            new SqliteGrainStorageSchemaInitializer(
                provider.GetRequiredKeyedService<IGrainStorage>(name) as SqliteGrainStorage
                ?? throw new InvalidOperationException($"The grain storage '{name}' was replaced; its SQLite table is not created.")));
        return services.AddOptionsWithValidateOnStart<SqliteGrainStorageOptions>(name);
    }

    private static SqliteGrainStorage Create(IServiceProvider provider, string name) =>
        new(
            name,
            provider.GetRequiredService<IOptionsMonitor<SqliteGrainStorageOptions>>().Get(name),
            provider.GetKeyedService<IGrainStateSerializer>(name)
                ?? provider.GetService<IGrainStateSerializer>()
                ?? new JsonGrainStateSerializer(),
            provider.GetService<TimeProvider>() ?? TimeProvider.System,
            (ILogger?)provider.GetService<ILoggerFactory>()?.CreateLogger<SqliteGrainStorage>() ?? NullLogger.Instance);
}
