using Granary.Hosting;
using Granary.Membership;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Granary.Sqlite.Membership;

/// <summary>Keeps a silo's cluster membership in a SQLite file: a cluster of silo processes on one machine.</summary>
public static class SqliteClusteringSiloBuilderExtensions
{
    /// <summary>Uses SQLite clustering configured from section <c>Granary:Clustering</c> (ConnectionString, ClusterId, TableName, BusyTimeout).</summary>
    public static TBuilder UseSqliteClustering<TBuilder>(this TBuilder builder)
        where TBuilder : IGranaryBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.UseSqliteClustering(builder.Configuration.GetSection(SqliteClusteringOptions.SectionName));
    }

    /// <summary>Uses SQLite clustering bound from <paramref name="configuration"/>.</summary>
    public static TBuilder UseSqliteClustering<TBuilder>(this TBuilder builder, IConfiguration configuration)
        where TBuilder : IGranaryBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configuration);
        var settingsPath = configuration is IConfigurationSection section ? section.Path : SqliteClusteringOptions.SectionName;
        Register(builder, settingsPath).Bind(configuration);
        return builder;
    }

    /// <summary>Uses SQLite clustering configured in code.</summary>
    public static TBuilder UseSqliteClustering<TBuilder>(this TBuilder builder, Action<SqliteClusteringOptions> configure)
        where TBuilder : IGranaryBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        Register(builder, SqliteClusteringOptions.SectionName).Configure(configure);
        return builder;
    }

    private static OptionsBuilder<SqliteClusteringOptions> Register(IGranaryBuilder builder, string settingsPath)
    {
        var services = builder.Services;
        MembershipSiloBuilderExtensions.EnsureNoClusteringProvider(services);
        services.AddSingleton<IValidateOptions<SqliteClusteringOptions>>(new SqliteClusteringOptionsValidator(settingsPath));
        services.AddSingleton<IMembershipTable>(provider => new SqliteMembershipTable(
            provider.GetRequiredService<IOptions<SqliteClusteringOptions>>().Value,
            (ILogger?)provider.GetService<ILoggerFactory>()?.CreateLogger<SqliteMembershipTable>() ?? NullLogger.Instance));
        services.AddSingleton<ISiloStartupTask>(provider => new SqliteMembershipTableInitializer(provider.GetRequiredService<IMembershipTable>()));
        return services.AddOptionsWithValidateOnStart<SqliteClusteringOptions>();
    }
}
