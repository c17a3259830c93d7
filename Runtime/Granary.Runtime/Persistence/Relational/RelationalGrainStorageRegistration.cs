using Granary.Hosting;
using Granary.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Granary.Persistence.Relational;

/// <summary>
/// The silo registration every relational provider shares: options named by the storage and validated at start,
/// the keyed <see cref="IGrainStorage"/>, and a startup task that creates its table. A provider keeps one instance
/// and forwards its public <c>AddXxxGrainStorage</c> overloads here.
/// </summary>
/// <param name="databaseName">How messages name the database, for example <c>PostgreSQL</c>.</param>
/// <param name="createValidator">The options validator of one storage, from its name and settings path.</param>
/// <param name="createStorage">The storage, from its options and the services it may use.</param>
internal sealed class RelationalGrainStorageRegistration<TOptions, TStorage>(
    string databaseName,
    Func<string, string, IValidateOptions<TOptions>> createValidator,
    Func<TOptions, RelationalGrainStorageServices, TStorage> createStorage)
    where TOptions : class
    where TStorage : RelationalGrainStorage
{
    /// <summary>Adds a storage named <paramref name="name"/>, configured from the section <c>Granary:Storage:{name}</c>.</summary>
    public ISiloBuilder Add(ISiloBuilder builder, string name)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return Add(builder, name, builder.Configuration.GetSection(DefaultSettingsPath(name)));
    }

    /// <summary>Adds a storage named <paramref name="name"/>, bound from <paramref name="configuration"/>.</summary>
    public ISiloBuilder Add(ISiloBuilder builder, string name, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(configuration);
        var settingsPath = configuration is IConfigurationSection section ? section.Path : DefaultSettingsPath(name);
        Register(builder, name, settingsPath).Bind(configuration);
        return builder;
    }

    /// <summary>Adds a storage named <paramref name="name"/>, configured in code.</summary>
    public ISiloBuilder Add(ISiloBuilder builder, string name, Action<TOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(configure);
        Register(builder, name, DefaultSettingsPath(name)).Configure(configure);
        return builder;
    }

    private static string DefaultSettingsPath(string name) => $"Granary:Storage:{name}";

    private OptionsBuilder<TOptions> Register(ISiloBuilder builder, string name, string settingsPath)
    {
        var services = builder.Services;
        if (services.Any(d => d.IsKeyedService && d.ServiceType == typeof(IGrainStorage) && Equals(d.ServiceKey, name)))
        {
            throw new InvalidOperationException($"A grain storage named '{name}' is already registered.");
        }

        services.AddSingleton<IValidateOptions<TOptions>>(createValidator(name, settingsPath));
        services.AddKeyedSingleton<IGrainStorage>(name, (provider, _) => Create(provider, name));
        services.AddSingleton<ISiloStartupTask>(provider =>
            new RelationalGrainStorageSchemaInitializer(
                provider.GetRequiredKeyedService<IGrainStorage>(name) as TStorage
                ?? throw new InvalidOperationException($"The grain storage '{name}' was replaced; its {databaseName} table is not created.")));
        return services.AddOptionsWithValidateOnStart<TOptions>(name);
    }

    private TStorage Create(IServiceProvider provider, string name) =>
        createStorage(
            provider.GetRequiredService<IOptionsMonitor<TOptions>>().Get(name),
            new RelationalGrainStorageServices(
                name,
                provider.GetKeyedService<IGrainStateSerializer>(name)
                    ?? provider.GetService<IGrainStateSerializer>()
                    ?? new JsonGrainStateSerializer(),
                provider.GetService<TimeProvider>() ?? TimeProvider.System,
                provider.GetService<ILoggerFactory>()));
}
