using Npgsql;

namespace Granary.Extensions.Tests.Streaming;

/// <summary>Reads what the PostgreSQL stream tests check: deliveries, dead letters, rows still queued.</summary>
internal sealed class StreamTestDatabase(string connectionString)
{
    public async Task<List<(Guid Stream, int Sequence, string Silo)>> DeliveriesAsync()
    {
        var rows = new List<(Guid, int, string)>();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT stream, sequence, silo FROM test_deliveries ORDER BY arrival;", connection);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetGuid(0), reader.GetInt32(1), reader.GetString(2)));
        }

        return rows;
    }

    public async Task<List<(string StreamId, string Consumer, int Attempts, string Exception)>> DeadLettersAsync()
    {
        var rows = new List<(string, string, int, string)>();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT stream_id, consumer, attempts, exception FROM granary_stream_dead_letters ORDER BY id;", connection);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetString(0), reader.GetString(1), reader.GetInt32(2), reader.GetString(3)));
        }

        return rows;
    }

    public async Task<long> QueuedRowsAsync(string? streamId = null)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            streamId is null ? "SELECT count(*) FROM granary_stream_events;" : "SELECT count(*) FROM granary_stream_events WHERE stream_id = $1;",
            connection);
        if (streamId is not null)
        {
            command.Parameters.Add(new() { Value = streamId });
        }

        return (long)(await command.ExecuteScalarAsync())!;
    }
}
