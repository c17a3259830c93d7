using Granary.Extensions.Schema;
using Granary.Extensions.Streaming;
using Granary.TestInfrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Granary.Extensions.Tests.Streaming;

/// <summary>
/// The PostgreSQL queue store's writer: concurrent publishes to many queues share insert transactions (one writer for
/// all queues), and every stream's rows still get increasing ids in publish order, read back in that order.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresStreamStoreTests(PostgresServer postgres)
{
    [Fact]
    public async Task Concurrent_publishes_to_many_queues_share_transactions_and_keep_each_streams_order()
    {
        const int queues = 8;
        const int streams = 64;
        const int eventsPerStream = 25;
        var connectionString = await postgres.CreateDatabaseAsync();
        await new SchemaMigrator(NullLogger<SchemaMigrator>.Instance, TimeProvider.System).MigrateAsync(DatabaseKind.Postgres, connectionString);
        var store = new PostgresStreamStore("Default", new RelationalStreamOptions { Database = DatabaseKind.Postgres, ConnectionString = connectionString, QueueCount = queues });

        // Each stream publishes its events one after another (awaiting each), all streams at once.
        await Task.WhenAll(Enumerable.Range(0, streams).Select(stream => Task.Run(async () =>
        {
            for (var sequence = 0; sequence < eventsPerStream; sequence++)
            {
                await store.EnqueueAsync(stream % queues, $"s/{stream}", [(byte)stream, (byte)sequence]);
            }
        })));

        var rows = new List<(long Id, long Queue, string Stream, byte[] Payload, long Transaction)>();
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("SELECT id, queue_id, stream_id, payload, xmin::text::bigint FROM granary_stream_events ORDER BY id;", connection);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                rows.Add((reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2), (byte[])reader.GetValue(3), reader.GetInt64(4)));
            }
        }

        Assert.Equal(streams * eventsPerStream, rows.Count);
        foreach (var stream in rows.GroupBy(r => r.Stream))
        {
            Assert.Equal(Enumerable.Range(0, eventsPerStream).Select(i => (byte)i), stream.Select(r => r.Payload[1]));
            Assert.Single(stream.Select(r => r.Queue).Distinct());
        }

        // Group commit across queues: far fewer transactions than publishes, some holding rows of several queues.
        var transactions = rows.GroupBy(r => r.Transaction).ToList();
        Assert.True(transactions.Count < rows.Count / 2, $"{transactions.Count} insert transactions for {rows.Count} publishes");
        Assert.Contains(transactions, t => t.Select(r => r.Queue).Distinct().Count() > 1);

        // Each queue reads back its streams in publish order, by increasing id.
        for (var queue = 0; queue < queues; queue++)
        {
            var read = await store.ReadAsync(queue, 0, 10_000, CancellationToken.None);
            Assert.Equal(rows.Where(r => r.Queue == queue).Select(r => r.Id), read.Select(r => r.Id));
        }
    }
}
