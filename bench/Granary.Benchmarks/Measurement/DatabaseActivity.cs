using Npgsql;

namespace Granary.Benchmarks.Measurement;

/// <summary>
/// A PostgreSQL database's cumulative counters from <c>pg_stat_database</c>: committed and rolled back transactions
/// and rows written. Backends report them when idle, at most once a second, so a difference over a steady window of
/// several seconds is accurate to a few percent (both edges lag alike).
/// </summary>
internal readonly record struct DatabaseActivity(long Commits, long Rollbacks, long Inserted, long Updated, long Deleted)
{
    public long RowsWritten => Inserted + Updated + Deleted;

    public static DatabaseActivity operator -(DatabaseActivity end, DatabaseActivity start) => new(
        end.Commits - start.Commits,
        end.Rollbacks - start.Rollbacks,
        end.Inserted - start.Inserted,
        end.Updated - start.Updated,
        end.Deleted - start.Deleted);

    /// <summary>Reads the counters of the database <paramref name="connectionString"/> names, on a connection of its own.</summary>
    public static async Task<DatabaseActivity> ReadAsync(string connectionString, CancellationToken cancellationToken)
    {
        // Unpooled, so reading never borrows a connection from (or adds one to) the pool it measures.
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, ApplicationName = "bench-activity" };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            "SELECT xact_commit, xact_rollback, tup_inserted, tup_updated, tup_deleted FROM pg_stat_database WHERE datname = current_database()",
            connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new DatabaseActivity(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4));
    }
}
