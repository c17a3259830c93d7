using Granary.Persistence.Relational;

namespace Granary.Persistence.Tests.Relational;

/// <summary>The SQL the providers run, spelled out: a change here changes what existing databases see.</summary>
public sealed class RelationalGrainStateStatementsTests
{
    private const string Key = "grain_type = @grain_type AND grain_key = @grain_key AND state_name = @state_name";

    [Fact]
    public void Sqlite_statements_name_the_quoted_table_and_end_with_a_semicolon()
    {
        var statements = RelationalGrainStateStatements.WithOnConflictAndReturning("\"granary_grain_state\"", ";");

        Assert.Equal($"SELECT version, payload, payload_format FROM \"granary_grain_state\" WHERE {Key};", statements.Select);
        Assert.Equal($"SELECT version FROM \"granary_grain_state\" WHERE {Key};", statements.SelectVersion);
        Assert.Equal(
            "INSERT INTO \"granary_grain_state\" (grain_type, grain_key, state_name, version, payload, payload_format, modified_at) "
            + "VALUES (@grain_type, @grain_key, @state_name, 1, @payload, @payload_format, @modified_at) "
            + "ON CONFLICT (grain_type, grain_key, state_name) DO NOTHING RETURNING version;",
            statements.Insert);
        Assert.Equal(
            "UPDATE \"granary_grain_state\" SET payload = @payload, payload_format = @payload_format, version = version + 1, modified_at = @modified_at "
            + $"WHERE {Key} AND version = @expected_version RETURNING version;",
            statements.Update);
    }

    [Fact]
    public void Postgres_statements_name_the_qualified_table_without_a_terminator()
    {
        var statements = RelationalGrainStateStatements.WithOnConflictAndReturning("\"shop\".\"Cart_State\"", string.Empty);

        Assert.Equal($"SELECT version, payload, payload_format FROM \"shop\".\"Cart_State\" WHERE {Key}", statements.Select);
        Assert.Equal($"SELECT version FROM \"shop\".\"Cart_State\" WHERE {Key}", statements.SelectVersion);
        Assert.EndsWith("DO NOTHING RETURNING version", statements.Insert, StringComparison.Ordinal);
        Assert.StartsWith("INSERT INTO \"shop\".\"Cart_State\" (", statements.Insert, StringComparison.Ordinal);
        Assert.Equal(
            "UPDATE \"shop\".\"Cart_State\" SET payload = @payload, payload_format = @payload_format, version = version + 1, modified_at = @modified_at "
            + $"WHERE {Key} AND version = @expected_version RETURNING version",
            statements.Update);
    }
}
