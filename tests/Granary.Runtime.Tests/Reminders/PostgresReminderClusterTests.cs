using Granary.Postgres.Membership;
using Granary.Postgres.Reminders;
using Granary.TestInfrastructure;
using Granary.Testing;

namespace Granary.Runtime.Tests.Reminders;

/// <summary>The cluster stories on the production shape: membership and reminders in a real PostgreSQL.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresReminderClusterTests(PostgresServer server) : ReminderClusterTests
{
    protected override async Task ConfigureAsync(TestClusterBuilder builder)
    {
        // Three silos with two pools each must stay under the test server's connection limit.
        var connectionString = await server.CreateDatabaseAsync() + ";Maximum Pool Size=8";
        var clusterId = $"pg-{Guid.NewGuid():N}";
        builder.ConfigureSilo(silo =>
        {
            silo.UsePostgresClustering(options =>
            {
                options.ConnectionString = connectionString;
                options.ClusterId = clusterId;
            });
            silo.UsePostgresReminderService(options =>
            {
                options.ConnectionString = connectionString;
                options.ClusterId = clusterId;
            });
        });
    }
}
