using Granary.Hosting;
using Granary.Membership.Relational;
using Microsoft.Extensions.Configuration;

namespace Granary.Postgres.Membership;

/// <summary>Keeps a silo's cluster membership in PostgreSQL.</summary>
public static class PostgresClusteringSiloBuilderExtensions
{
    private static readonly RelationalClusteringRegistration<PostgresClusteringOptions> Registration = new(
        PostgresClusteringOptions.SectionName,
        settingsPath => new PostgresClusteringOptionsValidator(settingsPath),
        (options, loggerFactory) => new PostgresMembershipTable(options, loggerFactory));

    /// <summary>Uses PostgreSQL clustering configured from section <c>Granary:Clustering</c> (ConnectionString, ClusterId, Schema, TableName, CreateSchema).</summary>
    public static TBuilder UsePostgresClustering<TBuilder>(this TBuilder builder)
        where TBuilder : IGranaryBuilder => Registration.Use(builder);

    /// <summary>Uses PostgreSQL clustering bound from <paramref name="configuration"/>.</summary>
    public static TBuilder UsePostgresClustering<TBuilder>(this TBuilder builder, IConfiguration configuration)
        where TBuilder : IGranaryBuilder => Registration.Use(builder, configuration);

    /// <summary>Uses PostgreSQL clustering configured in code.</summary>
    public static TBuilder UsePostgresClustering<TBuilder>(this TBuilder builder, Action<PostgresClusteringOptions> configure)
        where TBuilder : IGranaryBuilder => Registration.Use(builder, configure);
}
