using Granary.Postgres.Membership;
using Granary.Postgres.Persistence;
using Granary.TestInfrastructure;
using Granary.Testing;

namespace Granary.Runtime.Tests.Cluster;

/// <summary>The failure stories on the production shape: membership and grain state in a real PostgreSQL.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresClusterFailureTests(PostgresServer server) : ClusterFailureTests
{
    protected override async Task ConfigureAsync(TestClusterBuilder builder)
    {
        // Four silos with two pools each must stay under the test server's connection limit.
        var connectionString = await server.CreateDatabaseAsync() + ";Maximum Pool Size=8";
        var clusterId = $"pg-{Guid.NewGuid():N}";
        builder.ConfigureSilo(silo =>
        {
            silo.UsePostgresClustering(options =>
            {
                options.ConnectionString = connectionString;
                options.ClusterId = clusterId;
            });
            silo.AddPostgresGrainStorage("Default", options => options.ConnectionString = connectionString);
        });
    }
}
