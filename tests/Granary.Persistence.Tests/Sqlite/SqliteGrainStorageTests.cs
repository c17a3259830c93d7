using Granary.Hosting;
using Granary.Sqlite.Persistence;
using Microsoft.Data.Sqlite;

namespace Granary.Persistence.Tests.Sqlite;

public sealed class SqliteGrainStorageTests : GrainStorageContractTests, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("granary-sqlite-").FullName;

    private string ConnectionString => $"Data Source={Path.Combine(_directory, "grains.db")}";

    protected override void AddStorage(ISiloBuilder builder, string name) =>
        builder.AddSqliteGrainStorage(name, options => options.ConnectionString = ConnectionString);

    [Fact]
    public async Task The_database_is_switched_to_write_ahead_logging()
    {
        await using var host = await StartHostAsync();

        await using var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode;";

        Assert.Equal("wal", (string?)await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Two_providers_sharing_one_file_wait_for_each_other_instead_of_failing()
    {
        await using var left = await StartHostAsync();
        await using var right = await StartHostAsync();

        await Task.WhenAll(Enumerable.Range(0, 40).Select(async i =>
        {
            var storage = (i % 2 == 0 ? left : right).Storage;
            var grainId = NewGrainId($"shared-{i}");
            var state = new TestGrainState<CartState> { State = new CartState() };
            for (var revision = 1; revision <= 5; revision++)
            {
                state.State.Revision = revision;
                await storage.WriteStateAsync(StateName, grainId, state, CancellationToken.None);
            }
        }));

        var check = new TestGrainState<CartState>();
        await left.Storage.ReadStateAsync(StateName, NewGrainId("shared-39"), check, CancellationToken.None);
        Assert.Equal(5, check.State.Revision);
        Assert.Equal("5", check.ETag);
    }

    public void Dispose()
    {
        using (var connection = new SqliteConnection(ConnectionString))
        {
            SqliteConnection.ClearPool(connection);
        }

        Directory.Delete(_directory, recursive: true);
    }
}
