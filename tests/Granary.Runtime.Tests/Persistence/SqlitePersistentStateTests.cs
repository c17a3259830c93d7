using Granary.Hosting;
using Granary.Sqlite.Persistence;

namespace Granary.Runtime.Tests.Persistence;

public sealed class SqlitePersistentStateTests : PersistentStateTests
{
    private readonly string _directory = Directory.CreateTempSubdirectory("granary-state-").FullName;

    protected override bool SurvivesRestart => true;

    protected override void ConfigureStorage(ISiloBuilder silo) =>
        silo.AddSqliteGrainStorage("Default", options => options.ConnectionString = $"Data Source={Path.Combine(_directory, "state.db")}");

    protected override Task CleanUpStorageAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
        return Task.CompletedTask;
    }
}
