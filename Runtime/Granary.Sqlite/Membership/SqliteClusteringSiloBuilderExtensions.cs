using Granary.Hosting;
using Granary.Membership.Relational;
using Microsoft.Extensions.Configuration;

namespace Granary.Sqlite.Membership;

/// <summary>Keeps a silo's cluster membership in a SQLite file: a cluster of silo processes on one machine.</summary>
public static class SqliteClusteringSiloBuilderExtensions
{
    private static readonly RelationalClusteringRegistration<SqliteClusteringOptions> Registration = new(
        SqliteClusteringOptions.SectionName,
        settingsPath => new SqliteClusteringOptionsValidator(settingsPath),
        (options, loggerFactory) => new SqliteMembershipTable(options, loggerFactory));

    /// <summary>Uses SQLite clustering configured from section <c>Granary:Clustering</c> (ConnectionString, ClusterId, TableName, BusyTimeout).</summary>
    public static TBuilder UseSqliteClustering<TBuilder>(this TBuilder builder)
        where TBuilder : IGranaryBuilder => Registration.Use(builder);

    /// <summary>Uses SQLite clustering bound from <paramref name="configuration"/>.</summary>
    public static TBuilder UseSqliteClustering<TBuilder>(this TBuilder builder, IConfiguration configuration)
        where TBuilder : IGranaryBuilder => Registration.Use(builder, configuration);

    /// <summary>Uses SQLite clustering configured in code.</summary>
    public static TBuilder UseSqliteClustering<TBuilder>(this TBuilder builder, Action<SqliteClusteringOptions> configure)
        where TBuilder : IGranaryBuilder => Registration.Use(builder, configure);
}
