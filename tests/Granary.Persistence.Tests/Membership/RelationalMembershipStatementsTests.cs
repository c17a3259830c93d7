using Granary.Membership.Relational;

namespace Granary.Persistence.Tests.Membership;

public sealed class RelationalMembershipStatementsTests
{
    private static RelationalMembershipStatements Sqlite() =>
        RelationalMembershipStatements.WithOnConflict("\"t\"", "\"t_version\"", ";", "@cluster_id", "m.suspect_times", "MAX", "@now");

    private static RelationalMembershipStatements Postgres() =>
        RelationalMembershipStatements.WithOnConflict("\"s\".\"t\"", "\"s\".\"t_version\"", string.Empty, "@cluster_id::text", "m.suspect_times::text", "GREATEST", "now()");

    [Fact]
    public void Every_statement_ends_with_the_terminator_and_filters_on_the_cluster()
    {
        foreach (var (statements, terminator) in new[] { (Sqlite(), ";"), (Postgres(), string.Empty) })
        {
            string[] all =
            [
                statements.ReadAll, statements.ReadRow, statements.InsertRow, statements.UpdateRow, statements.UpdateIAmAlive,
                statements.DeleteDefunct, statements.UpsertVersion, statements.MoveVersion, .. statements.DeleteCluster,
            ];
            foreach (var sql in all)
            {
                Assert.Contains("cluster_id", sql, StringComparison.Ordinal);
                Assert.EndsWith(terminator.Length == 0 ? sql[^1..] : terminator, sql, StringComparison.Ordinal);
                Assert.False(terminator.Length == 0 && sql.EndsWith(';'), sql);
            }
        }
    }

    [Fact]
    public void The_dialect_pieces_land_where_the_providers_need_them()
    {
        var sqlite = Sqlite();
        var postgres = Postgres();

        Assert.StartsWith("SELECT v.version, m.host,", postgres.ReadAll, StringComparison.Ordinal);
        Assert.Contains("m.suspect_times::text, m.version FROM (SELECT @cluster_id::text AS cluster_id) c", postgres.ReadAll, StringComparison.Ordinal);
        Assert.Contains("m.suspect_times, m.version FROM (SELECT @cluster_id AS cluster_id) c", sqlite.ReadAll, StringComparison.Ordinal);
        Assert.DoesNotContain("@host", sqlite.ReadAll, StringComparison.Ordinal);
        Assert.Contains("AND m.host = @host AND m.port = @port AND m.generation = @generation", sqlite.ReadRow, StringComparison.Ordinal);
        Assert.Contains("iamalive_time = MAX(iamalive_time, @iamalive_time)", sqlite.UpdateRow, StringComparison.Ordinal);
        Assert.Contains("iamalive_time = GREATEST(iamalive_time, @iamalive_time)", postgres.UpdateRow, StringComparison.Ordinal);
        Assert.Contains("AND version = @row_version", postgres.UpdateRow, StringComparison.Ordinal);
        Assert.Contains("VALUES (@cluster_id, @new_version, @now)", sqlite.UpsertVersion, StringComparison.Ordinal);
        Assert.Contains("modified_at = now()", postgres.MoveVersion, StringComparison.Ordinal);
        Assert.Contains("INSERT INTO \"s\".\"t_version\" AS v", postgres.UpsertVersion, StringComparison.Ordinal);
        Assert.Equal(["DELETE FROM \"t\" WHERE cluster_id = @cluster_id;", "DELETE FROM \"t_version\" WHERE cluster_id = @cluster_id;"], sqlite.DeleteCluster);
    }
}
