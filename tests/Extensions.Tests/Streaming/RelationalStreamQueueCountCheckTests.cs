using Granary.Extensions.Schema;
using Granary.Extensions.Sqlite;
using Granary.Extensions.Streaming;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace Granary.Extensions.Tests.Streaming;

/// <summary>A lowered QueueCount that would strand queued events stops the silo, naming the setting.</summary>
public sealed class RelationalStreamQueueCountCheckTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("granary-queue-count-").FullName;

    [Fact]
    public async Task Events_in_a_queue_beyond_the_count_stop_start_up_and_raising_it_is_accepted()
    {
        var connectionString = $"Data Source={Path.Combine(_folder, "streams.db")}";
        await new SchemaMigrator(NullLogger<SchemaMigrator>.Instance, TimeProvider.System).MigrateAsync(DatabaseKind.Sqlite, connectionString);
        var options = new RelationalStreamOptions { Database = DatabaseKind.Sqlite, ConnectionString = connectionString, QueueCount = 8 };
        await using var store = new SqliteStreamStore("Default", options, new SqliteWriteQueues(TimeProvider.System, NullLogger<SqliteWriteQueue>.Instance), TimeProvider.System);
        await store.EnqueueAsync(5, "ns/key", [1, 2, 3]);

        var lowered = await Assert.ThrowsAsync<InvalidOperationException>(() => new RelationalStreamQueueCountCheck("Default", store, 4).CheckAsync(CancellationToken.None));
        Assert.Contains("QueueCount", lowered.Message, StringComparison.Ordinal);
        Assert.Contains("at least 6", lowered.Message, StringComparison.Ordinal);

        await new RelationalStreamQueueCountCheck("Default", store, 8).CheckAsync(CancellationToken.None);
        await new RelationalStreamQueueCountCheck("Default", store, 16).CheckAsync(CancellationToken.None);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
