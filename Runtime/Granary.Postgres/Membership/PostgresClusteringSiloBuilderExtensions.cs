using Granary.Hosting;
using Granary.Membership;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Granary.Postgres.Membership;

/// <summary>Keeps a silo's cluster membership in PostgreSQL.</summary>
public static class PostgresClusteringSiloBuilderExtensions
{
    /// <summary>Uses PostgreSQL clustering configured from section <c>Granary:Clustering</c> (ConnectionString, ClusterId, Schema, TableName, CreateSchema).</summary>
    public static TBuilder UsePostgresClustering<TBuilder>(this TBuilder builder)
        where TBuilder : IGranaryBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.UsePostgresClustering(builder.Configuration.GetSection(PostgresClusteringOptions.SectionName));
    }

    /// <summary>Uses PostgreSQL clustering bound from <paramref name="configuration"/>.</summary>
    public static TBuilder UsePostgresClustering<TBuilder>(this TBuilder builder, IConfiguration configuration)
        where TBuilder : IGranaryBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configuration);
        var settingsPath = configuration is IConfigurationSection section ? section.Path : PostgresClusteringOptions.SectionName;
        Register(builder, settingsPath).Bind(configuration);
        return builder;
    }

    /// <summary>Uses PostgreSQL clustering configured in code.</summary>
    public static TBuilder UsePostgresClustering<TBuilder>(this TBuilder builder, Action<PostgresClusteringOptions> configure)
        where TBuilder : IGranaryBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        Register(builder, PostgresClusteringOptions.SectionName).Configure(configure);
        return builder;
    }

    private static OptionsBuilder<PostgresClusteringOptions> Register(IGranaryBuilder builder, string settingsPath)
    {
        var services = builder.Services;
        MembershipSiloBuilderExtensions.EnsureNoClusteringProvider(services);
        services.AddSingleton<IValidateOptions<PostgresClusteringOptions>>(new PostgresClusteringOptionsValidator(settingsPath));
        services.AddSingleton<IMembershipTable>(provider =>
        {
            var loggerFactory = provider.GetService<ILoggerFactory>();
            return new PostgresMembershipTable(
                provider.GetRequiredService<IOptions<PostgresClusteringOptions>>().Value,
                loggerFactory,
                (ILogger?)loggerFactory?.CreateLogger<PostgresMembershipTable>() ?? NullLogger.Instance);
        });
        services.AddSingleton<ISiloStartupTask>(provider => new PostgresMembershipTableInitializer(provider.GetRequiredService<IMembershipTable>()));
        return services.AddOptionsWithValidateOnStart<PostgresClusteringOptions>();
    }
}
