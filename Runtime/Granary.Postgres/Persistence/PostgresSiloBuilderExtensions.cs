using Granary.Hosting;
using Granary.Persistence;
using Granary.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Granary.Postgres.Persistence;

/// <summary>Registers PostgreSQL grain storages on a silo.</summary>
public static class PostgresSiloBuilderExtensions
{
    /// <summary>
    /// Adds a PostgreSQL grain storage named <paramref name="name"/>, configured from the silo configuration section
    /// <c>Granary:Storage:{name}</c> (for example <c>Granary:Storage:Default:ConnectionString</c>).
    /// </summary>
    public static ISiloBuilder AddPostgresGrainStorage(this ISiloBuilder builder, string name)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return builder.AddPostgresGrainStorage(name, builder.Configuration.GetSection(DefaultSettingsPath(name)));
    }

    /// <summary>Adds a PostgreSQL grain storage named <paramref name="name"/>, bound from <paramref name="configuration"/>.</summary>
    public static ISiloBuilder AddPostgresGrainStorage(this ISiloBuilder builder, string name, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(configuration);
        var settingsPath = configuration is IConfigurationSection section ? section.Path : DefaultSettingsPath(name);
        Register(builder, name, settingsPath).Bind(configuration);
        return builder;
    }

    /// <summary>Adds a PostgreSQL grain storage named <paramref name="name"/>, configured in code.</summary>
    public static ISiloBuilder AddPostgresGrainStorage(this ISiloBuilder builder, string name, Action<PostgresGrainStorageOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(configure);
        Register(builder, name, DefaultSettingsPath(name)).Configure(configure);
        return builder;
    }

    private static string DefaultSettingsPath(string name) => $"Granary:Storage:{name}";

    private static OptionsBuilder<PostgresGrainStorageOptions> Register(ISiloBuilder builder, string name, string settingsPath)
    {
        var services = builder.Services;
        if (services.Any(d => d.IsKeyedService && d.ServiceType == typeof(IGrainStorage) && Equals(d.ServiceKey, name)))
        {
            throw new InvalidOperationException($"A grain storage named '{name}' is already registered.");
        }

        services.AddSingleton<IValidateOptions<PostgresGrainStorageOptions>>(new PostgresGrainStorageOptionsValidator(name, settingsPath));
        services.AddKeyedSingleton<IGrainStorage>(name, (provider, _) => Create(provider, name));
        services.AddSingleton<ISiloStartupTask>(provider =>
            new PostgresGrainStorageSchemaInitializer(
                provider.GetRequiredKeyedService<IGrainStorage>(name) as PostgresGrainStorage
                ?? throw new InvalidOperationException($"The grain storage '{name}' was replaced; its PostgreSQL table is not created.")));
        return services.AddOptionsWithValidateOnStart<PostgresGrainStorageOptions>(name);
    }

    private static PostgresGrainStorage Create(IServiceProvider provider, string name)
    {
        var loggerFactory = provider.GetService<ILoggerFactory>();
        return new(
            name,
            provider.GetRequiredService<IOptionsMonitor<PostgresGrainStorageOptions>>().Get(name),
            provider.GetKeyedService<IGrainStateSerializer>(name)
                ?? provider.GetService<IGrainStateSerializer>()
                ?? new JsonGrainStateSerializer(),
            provider.GetService<TimeProvider>() ?? TimeProvider.System,
            loggerFactory,
            (ILogger?)loggerFactory?.CreateLogger<PostgresGrainStorage>() ?? NullLogger.Instance);
    }
}
