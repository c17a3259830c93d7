using Granary.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Granary.Membership.Relational;

/// <summary>
/// The registration every SQL clustering provider shares: options from the section <paramref name="sectionName"/>
/// validated at start, the <see cref="IMembershipTable"/>, and a startup task that initializes it. A provider keeps one
/// instance and forwards its public <c>UseXxxClustering</c> overloads here.
/// </summary>
/// <param name="sectionName">The default configuration section, <c>Granary:Clustering</c>.</param>
/// <param name="createValidator">The options validator, from the settings path its messages name.</param>
/// <param name="createTable">The membership table, from its options and the container's logger factory, if any.</param>
internal sealed class RelationalClusteringRegistration<TOptions>(
    string sectionName,
    Func<string, IValidateOptions<TOptions>> createValidator,
    Func<TOptions, ILoggerFactory?, IMembershipTable> createTable)
    where TOptions : class
{
    /// <summary>Configures from the section <paramref name="sectionName"/> of the builder's configuration.</summary>
    public TBuilder Use<TBuilder>(TBuilder builder)
        where TBuilder : IGranaryBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        return Use(builder, builder.Configuration.GetSection(sectionName));
    }

    /// <summary>Binds the options from <paramref name="configuration"/>.</summary>
    public TBuilder Use<TBuilder>(TBuilder builder, IConfiguration configuration)
        where TBuilder : IGranaryBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configuration);
        var settingsPath = configuration is IConfigurationSection section ? section.Path : sectionName;
        Register(builder, settingsPath).Bind(configuration);
        return builder;
    }

    /// <summary>Configures the options in code.</summary>
    public TBuilder Use<TBuilder>(TBuilder builder, Action<TOptions> configure)
        where TBuilder : IGranaryBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        Register(builder, sectionName).Configure(configure);
        return builder;
    }

    private OptionsBuilder<TOptions> Register(IGranaryBuilder builder, string settingsPath)
    {
        var services = builder.Services;
        MembershipSiloBuilderExtensions.EnsureNoClusteringProvider(services);
        services.AddSingleton(createValidator(settingsPath));
        services.AddSingleton(provider => createTable(provider.GetRequiredService<IOptions<TOptions>>().Value, provider.GetService<ILoggerFactory>()));
        services.AddSingleton<ISiloStartupTask>(provider => new RelationalMembershipTableInitializer(provider.GetRequiredService<IMembershipTable>()));
        return services.AddOptionsWithValidateOnStart<TOptions>();
    }
}
