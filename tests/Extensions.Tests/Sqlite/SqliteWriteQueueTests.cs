using Granary.Extensions.Schema;
using Granary.Extensions.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace Granary.Extensions.Tests.Sqlite;

/// <summary>The file's one writer: writes of a batch share a transaction, yet a failing write fails alone.</summary>
public sealed class SqliteWriteQueueTests : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("granary-writer-").FullName;
    private SqliteWriteQueue _writer = null!;

    public async Task InitializeAsync()
    {
        var connectionString = $"Data Source={Path.Combine(_folder, "writer.db")}";
        await new SchemaMigrator(NullLogger<SchemaMigrator>.Instance, TimeProvider.System).MigrateAsync(DatabaseKind.Sqlite, connectionString);
        _writer = new SqliteWriteQueue(connectionString, 256, TimeProvider.System, NullLogger.Instance);
        await _writer.StartAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _writer.StopAsync(CancellationToken.None);
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task A_failing_write_fails_alone_and_the_rest_of_its_batch_commits()
    {
        // Queued together, so they share batches with the failing one.
        var writes = Enumerable.Range(0, 50).Select(i => _writer.WriteAsync(new StateWrite("svc", "state", $"grain-{i}", [1], null))).ToList();
        var failing = _writer.RunAsync((connection, transaction) =>
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "INSERT INTO granary_grain_state (service_id, state_name, grain_id, payload, version, modified_at) VALUES ('svc', 'state', 'half-done', x'01', 1, 'now');";
            command.ExecuteNonQuery();
            command.CommandText = "INSERT INTO no_such_table VALUES (1);";
            command.ExecuteNonQuery();
        });
        writes.AddRange(Enumerable.Range(50, 50).Select(i => _writer.WriteAsync(new StateWrite("svc", "state", $"grain-{i}", [1], null))));

        await Assert.ThrowsAsync<SqliteException>(() => failing);
        var outcomes = await Task.WhenAll(writes);

        Assert.All(outcomes, outcome => Assert.Equal(new StateWriteOutcome(false, 1), outcome));
        var halfDone = await _writer.WriteAsync(new StateWrite("svc", "state", "half-done", [2], null));
        Assert.False(halfDone.Conflict); // the failed write's first insert was rolled back with it
    }
}
