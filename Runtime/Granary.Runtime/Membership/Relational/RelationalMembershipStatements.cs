namespace Granary.Membership.Relational;

/// <summary>
/// The statements <see cref="RelationalMembershipTable"/> runs. Every statement filters on the parameter
/// <c>cluster_id</c>; row statements also on <c>host</c>, <c>port</c> and <c>generation</c>. Reads return
/// (table version, host, port, generation, silo_name, host_name, status, gateway_port, start_time, iamalive_time,
/// suspect_times as text, row version), one line per row, or one line of nulls after the version when there are none.
/// </summary>
internal sealed record RelationalMembershipStatements(
    string ReadAll,
    string ReadRow,
    string InsertRow,
    string UpdateRow,
    string UpdateIAmAlive,
    string DeleteDefunct,
    string UpsertVersion,
    string MoveVersion,
    IReadOnlyList<string> DeleteCluster)
{
    /// <summary>
    /// The statements for databases with <c>INSERT ... ON CONFLICT</c> (PostgreSQL, SQLite).
    /// </summary>
    /// <param name="table">The quoted, possibly schema-qualified table of silo rows.</param>
    /// <param name="versionTable">The quoted, possibly schema-qualified table of cluster versions.</param>
    /// <param name="terminator">Ends every statement.</param>
    /// <param name="clusterIdSelect">How the read selects the cluster id parameter as a column, for example <c>@cluster_id::text</c>.</param>
    /// <param name="suspectTimesSelect">How the read selects <c>m.suspect_times</c> as text.</param>
    /// <param name="greatest">The two-argument maximum function, for example <c>GREATEST</c>.</param>
    /// <param name="now">The current time as stored in <c>modified_at</c>, for example <c>now()</c> or a parameter.</param>
    public static RelationalMembershipStatements WithOnConflict(
        string table, string versionTable, string terminator, string clusterIdSelect, string suspectTimesSelect, string greatest, string now)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(versionTable);
        ArgumentNullException.ThrowIfNull(terminator);
        const string Key = "cluster_id = @cluster_id AND host = @host AND port = @port AND generation = @generation";
        var columns =
            $"m.host, m.port, m.generation, m.silo_name, m.host_name, m.status, m.gateway_port, m.start_time, m.iamalive_time, {suspectTimesSelect}, m.version";
        string Read(string rowFilter) =>
            $"SELECT v.version, {columns} FROM (SELECT {clusterIdSelect} AS cluster_id) c "
            + $"LEFT JOIN {versionTable} v ON v.cluster_id = c.cluster_id "
            + $"LEFT JOIN {table} m ON m.cluster_id = c.cluster_id{rowFilter} "
            + $"ORDER BY m.host, m.port, m.generation{terminator}";
        return new(
            ReadAll: Read(string.Empty),
            ReadRow: Read(" AND m.host = @host AND m.port = @port AND m.generation = @generation"),
            InsertRow:
                $"INSERT INTO {table} (cluster_id, host, port, generation, silo_name, host_name, status, gateway_port, start_time, iamalive_time, suspect_times, version) "
                + "VALUES (@cluster_id, @host, @port, @generation, @silo_name, @host_name, @status, @gateway_port, @start_time, @iamalive_time, @suspect_times, 1) "
                + $"ON CONFLICT (cluster_id, host, port, generation) DO NOTHING{terminator}",
            UpdateRow:
                $"UPDATE {table} SET silo_name = @silo_name, host_name = @host_name, status = @status, gateway_port = @gateway_port, "
                + $"start_time = @start_time, iamalive_time = {greatest}(iamalive_time, @iamalive_time), suspect_times = @suspect_times, version = version + 1 "
                + $"WHERE {Key} AND version = @row_version{terminator}",
            UpdateIAmAlive: $"UPDATE {table} SET iamalive_time = @iamalive_time WHERE {Key}{terminator}",
            DeleteDefunct: $"DELETE FROM {table} WHERE cluster_id = @cluster_id AND status = @dead AND iamalive_time < @before{terminator}",
            UpsertVersion:
                $"INSERT INTO {versionTable} AS v (cluster_id, version, modified_at) VALUES (@cluster_id, @new_version, {now}) "
                + "ON CONFLICT (cluster_id) DO UPDATE SET version = EXCLUDED.version, modified_at = EXCLUDED.modified_at "
                + $"WHERE v.version = @expected_version AND EXCLUDED.version > v.version{terminator}",
            MoveVersion:
                $"UPDATE {versionTable} SET version = @new_version, modified_at = {now} "
                + $"WHERE cluster_id = @cluster_id AND version = @expected_version AND @new_version > version{terminator}",
            DeleteCluster:
            [
                $"DELETE FROM {table} WHERE cluster_id = @cluster_id{terminator}",
                $"DELETE FROM {versionTable} WHERE cluster_id = @cluster_id{terminator}",
            ]);
    }
}
