using Granary.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Granary.Reminders.Relational;

/// <summary>
/// The registration every SQL reminder provider shares: the reminder service, the provider's options from the section
/// <paramref name="sectionName"/> validated at start, the <see cref="IReminderTable"/>, and a startup task that creates
/// its table. A provider keeps one instance and forwards its public <c>UseXxxReminderService</c> overloads here.
/// </summary>
/// <param name="sectionName">The default configuration section, <c>Granary:Reminders</c>.</param>
/// <param name="createValidator">The options validator, from the settings path its messages name.</param>
/// <param name="createTable">The table, from its options, the silo's clock and the container's logger factory, if any.</param>
internal sealed class RelationalReminderRegistration<TOptions>(
    string sectionName,
    Func<string, IValidateOptions<TOptions>> createValidator,
    Func<TOptions, TimeProvider, ILoggerFactory?, IReminderTable> createTable)
    where TOptions : class
{
    /// <summary>Configures from the section <paramref name="sectionName"/> of the builder's configuration.</summary>
    public ISiloBuilder Use(ISiloBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return Use(builder, builder.Configuration.GetSection(sectionName));
    }

    /// <summary>Binds the options from <paramref name="configuration"/>.</summary>
    public ISiloBuilder Use(ISiloBuilder builder, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configuration);
        var settingsPath = configuration is IConfigurationSection section ? section.Path : sectionName;
        Register(builder, settingsPath).Bind(configuration);
        return builder;
    }

    /// <summary>Configures the options in code.</summary>
    public ISiloBuilder Use(ISiloBuilder builder, Action<TOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        Register(builder, sectionName).Configure(configure);
        return builder;
    }

    private OptionsBuilder<TOptions> Register(ISiloBuilder builder, string settingsPath)
    {
        var services = builder.Services;
        services.AddReminderService(builder.Configuration);
        services.AddSingleton(createValidator(settingsPath));
        services.AddSingleton(provider => createTable(
            provider.GetRequiredService<IOptions<TOptions>>().Value,
            provider.GetRequiredService<TimeProvider>(),
            provider.GetService<ILoggerFactory>()));
        services.AddSingleton<ISiloStartupTask>(provider => new RelationalReminderTableInitializer(provider.GetRequiredService<IReminderTable>()));
        return services.AddOptionsWithValidateOnStart<TOptions>();
    }
}
