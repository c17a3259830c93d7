using Granary.Hosting;
using Granary.Postgres.Persistence;
using Granary.TestInfrastructure;

namespace Granary.Runtime.Tests.Persistence;

[Collection(PostgresCollection.Name)]
public sealed class PostgresPersistentStateTests(PostgresServer server) : PersistentStateTests
{
    private string _connectionString = "";

    protected override bool SurvivesRestart => true;

    protected override async Task PrepareStorageAsync() => _connectionString = await server.CreateDatabaseAsync();

    protected override void ConfigureStorage(ISiloBuilder silo) =>
        silo.AddPostgresGrainStorage("Default", options => options.ConnectionString = _connectionString);
}
