namespace Granary.Persistence.Relational;

/// <summary>
/// The four statements <see cref="RelationalGrainStorage"/> runs against the grain-state table. Each filters on the
/// parameters <c>grain_type</c>, <c>grain_key</c> and <c>state_name</c>; the insert and update also take
/// <c>payload</c>, <c>payload_format</c> and <c>modified_at</c>, the update <c>expected_version</c>. Select returns
/// (version, payload, payload_format); the others return the version alone, or no row when nothing matched.
/// </summary>
internal sealed record RelationalGrainStateStatements(string Select, string SelectVersion, string Insert, string Update)
{
    /// <summary>
    /// The statements for databases with <c>INSERT ... ON CONFLICT DO NOTHING</c> and <c>RETURNING</c> (PostgreSQL,
    /// SQLite): <paramref name="table"/> is the quoted, possibly schema-qualified table name, and
    /// <paramref name="terminator"/> ends every statement.
    /// </summary>
    public static RelationalGrainStateStatements WithOnConflictAndReturning(string table, string terminator)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(terminator);
        const string Key = "grain_type = @grain_type AND grain_key = @grain_key AND state_name = @state_name";
        return new(
            Select: $"SELECT version, payload, payload_format FROM {table} WHERE {Key}{terminator}",
            SelectVersion: $"SELECT version FROM {table} WHERE {Key}{terminator}",
            Insert:
                $"INSERT INTO {table} (grain_type, grain_key, state_name, version, payload, payload_format, modified_at) "
                + "VALUES (@grain_type, @grain_key, @state_name, 1, @payload, @payload_format, @modified_at) "
                + $"ON CONFLICT (grain_type, grain_key, state_name) DO NOTHING RETURNING version{terminator}",
            Update:
                $"UPDATE {table} SET payload = @payload, payload_format = @payload_format, version = version + 1, modified_at = @modified_at "
                + $"WHERE {Key} AND version = @expected_version RETURNING version{terminator}");
    }
}
