using Npgsql;

namespace Granary.Extensions.Tests.Streaming;

/// <summary>Records deliveries in a PostgreSQL table; <c>arrival</c> orders them as the consumers received them.</summary>
public sealed class PostgresDeliveryRecorder(string connectionString) : IDeliveryRecorder
{
    public static async Task CreateTableAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "CREATE TABLE IF NOT EXISTS test_deliveries (arrival bigserial PRIMARY KEY, stream uuid NOT NULL, sequence integer NOT NULL, silo text NOT NULL);",
            connection);
        await command.ExecuteNonQueryAsync();
    }

    public async Task RecordAsync(Guid stream, int sequence, string silo)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("INSERT INTO test_deliveries (stream, sequence, silo) VALUES ($1, $2, $3);", connection);
        command.Parameters.Add(new() { Value = stream });
        command.Parameters.Add(new() { Value = sequence });
        command.Parameters.Add(new() { Value = silo });
        await command.ExecuteNonQueryAsync();
    }
}
