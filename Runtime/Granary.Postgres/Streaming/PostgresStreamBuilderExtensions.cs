using Granary.Hosting;
using Granary.Membership;
using Granary.Serialization.Wire;
using Granary.Streaming;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Granary.Postgres.Streaming;

/// <summary>
/// Registers durable PostgreSQL stream providers on a silo or a client. A silo drains the queues (each leased by
/// one silo at a time) and creates the tables at start unless <see cref="PostgresStreamOptions.CreateSchema"/> is
/// false; a client only publishes, so some silo (or a DBA) must have created them.
/// </summary>
public static class PostgresStreamBuilderExtensions
{
    /// <summary>
    /// Adds a PostgreSQL stream provider named <paramref name="name"/>, configured from the section
    /// <c>Granary:Streams:{name}</c> (ConnectionString, Schema, QueueCount, LeaseDuration, CreateSchema; Delivery).
    /// </summary>
    public static TBuilder AddPostgresStreams<TBuilder>(this TBuilder builder, string name)
        where TBuilder : IGranaryBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return builder.AddPostgresStreams(name, builder.Configuration.GetSection(SettingsPath(name)));
    }

    /// <summary>Adds a PostgreSQL stream provider named <paramref name="name"/>, bound from <paramref name="configuration"/>.</summary>
    public static TBuilder AddPostgresStreams<TBuilder>(
        this TBuilder builder, string name, IConfiguration configuration, Action<StreamDeliveryOptions>? configureDelivery = null)
        where TBuilder : IGranaryBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(configuration);
        var settingsPath = configuration is IConfigurationSection section ? section.Path : SettingsPath(name);
        Register(builder, name, settingsPath, configureDelivery).Bind(configuration);
        return builder;
    }

    /// <summary>Adds a PostgreSQL stream provider named <paramref name="name"/>, configured in code.</summary>
    public static TBuilder AddPostgresStreams<TBuilder>(
        this TBuilder builder, string name, Action<PostgresStreamOptions> configure, Action<StreamDeliveryOptions>? configureDelivery = null)
        where TBuilder : IGranaryBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(configure);
        Register(builder, name, SettingsPath(name), configureDelivery).Configure(configure);
        return builder;
    }

    private static string SettingsPath(string name) => $"Granary:Streams:{name}";

    private static OptionsBuilder<PostgresStreamOptions> Register<TBuilder>(
        TBuilder builder, string name, string settingsPath, Action<StreamDeliveryOptions>? configureDelivery)
        where TBuilder : IGranaryBuilder
    {
        var services = builder.Services;
        if (services.Any(d => d.IsKeyedService && d.ServiceType == typeof(PostgresStreamQueueAdapter) && Equals(d.ServiceKey, name)))
        {
            throw new InvalidOperationException($"A PostgreSQL stream provider named '{name}' is already registered.");
        }

        services.AddSingleton<IValidateOptions<PostgresStreamOptions>>(new PostgresStreamOptionsValidator(name, settingsPath));
        services.AddSingleton<IValidateOptions<StreamDeliveryOptions>>(provider =>
            new PostgresStreamLeaseValidator(name, settingsPath, provider.GetRequiredService<IOptionsMonitor<PostgresStreamOptions>>()));
        services.AddKeyedSingleton(name, (provider, _) => new PostgresStreamQueueAdapter(
            name,
            provider.GetRequiredService<IOptionsMonitor<PostgresStreamOptions>>().Get(name),
            provider.GetRequiredService<WireSerializer>(),
            provider.GetService<ILocalSiloDetails>(),
            provider.GetService<TimeProvider>() ?? TimeProvider.System,
            provider.GetService<ILoggerFactory>()));
        services.AddSingleton<ISiloStartupTask>(provider => new PostgresStreamSchemaInitializer(provider.GetRequiredKeyedService<PostgresStreamQueueAdapter>(name)));
        builder.AddQueuedStreams(
            name,
            static (provider, providerName) => provider.GetRequiredKeyedService<PostgresStreamQueueAdapter>(providerName),
            isDurable: true,
            configureDelivery);
        return services.AddOptionsWithValidateOnStart<PostgresStreamOptions>(name);
    }
}
