namespace Granary.Reminders.Relational;

/// <summary>
/// The statements <see cref="RelationalReminderTable"/> runs. Every statement filters on <c>cluster_id</c>; row
/// statements also on <c>grain_type</c>, <c>grain_key</c> and (but for <see cref="ReadGrain"/>) <c>reminder_name</c>.
/// Reads return (grain_type, grain_key, reminder_name, start_at, period_ms, version); the upsert returns the new version.
/// </summary>
internal sealed record RelationalReminderStatements(string ReadRow, string ReadGrain, string ReadAll, string Upsert, string Remove)
{
    /// <summary>The statements for databases with <c>INSERT ... ON CONFLICT DO UPDATE</c> and <c>RETURNING</c> (PostgreSQL, SQLite).</summary>
    /// <param name="table">The quoted, possibly schema-qualified table name.</param>
    /// <param name="terminator">Ends every statement.</param>
    public static RelationalReminderStatements WithOnConflict(string table, string terminator)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(terminator);
        const string Columns = "grain_type, grain_key, reminder_name, start_at, period_ms, version";
        const string Grain = "cluster_id = @cluster_id AND grain_type = @grain_type AND grain_key = @grain_key";
        return new(
            ReadRow: $"SELECT {Columns} FROM {table} WHERE {Grain} AND reminder_name = @reminder_name{terminator}",
            ReadGrain: $"SELECT {Columns} FROM {table} WHERE {Grain}{terminator}",
            ReadAll: $"SELECT {Columns} FROM {table} WHERE cluster_id = @cluster_id{terminator}",

            // A new row starts at the caller's (random) version; a replaced row counts on from its own.
            Upsert:
                $"INSERT INTO {table} AS r (cluster_id, grain_type, grain_key, reminder_name, grain_hash, start_at, period_ms, version, modified_at) "
                + "VALUES (@cluster_id, @grain_type, @grain_key, @reminder_name, @grain_hash, @start_at, @period_ms, @new_version, @modified_at) "
                + "ON CONFLICT (cluster_id, grain_type, grain_key, reminder_name) DO UPDATE SET grain_hash = EXCLUDED.grain_hash, "
                + "start_at = EXCLUDED.start_at, period_ms = EXCLUDED.period_ms, version = r.version + 1, modified_at = EXCLUDED.modified_at "
                + $"RETURNING version{terminator}",
            Remove: $"DELETE FROM {table} WHERE {Grain} AND reminder_name = @reminder_name AND version = @version{terminator}");
    }
}
