using Granary.Extensions.Schema;
using Granary.Silo.Configuration;
using Granary.Silo.Database;
using Granary.TestInfrastructure;
using Npgsql;

namespace Granary.Silo.Tests.Database;

/// <summary>
/// The PostgreSQL connection string every provider of a process shares: pooled connections are not reset on return
/// (no DISCARD ALL transaction per use) and repeated statements are prepared, unless the operator's connection string
/// says otherwise; a transaction left open on a returned connection is still rolled back before its next use.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class DatabaseConnectionTests(PostgresServer postgres)
{
    [Fact]
    public void No_reset_on_close_and_auto_preparation_are_applied_unless_the_connection_string_sets_them()
    {
        var defaults = new NpgsqlConnectionStringBuilder(Resolve("Host=db;Database=shop"));
        var explicitValues = new NpgsqlConnectionStringBuilder(Resolve("Host=db;Database=shop;No Reset On Close=false;Max Auto Prepare=0"));
        var otherSpelling = new NpgsqlConnectionStringBuilder(Resolve("Host=db;Database=shop;NoResetOnClose=false;MaxAutoPrepare=5"));

        Assert.True(defaults.NoResetOnClose);
        Assert.Equal(DatabaseConnection.PostgresAutoPrepared, defaults.MaxAutoPrepare);
        Assert.False(explicitValues.NoResetOnClose);
        Assert.Equal(0, explicitValues.MaxAutoPrepare);
        Assert.False(otherSpelling.NoResetOnClose);
        Assert.Equal(5, otherSpelling.MaxAutoPrepare);
    }

    [Fact]
    public async Task A_transaction_left_open_on_a_returned_connection_is_rolled_back_before_the_connection_is_reused()
    {
        var connectionString = new NpgsqlConnectionStringBuilder(Resolve(await postgres.CreateDatabaseAsync())) { MaxPoolSize = 1 }.ConnectionString;
        await using (var setup = new NpgsqlConnection(connectionString))
        {
            await setup.OpenAsync();
            await new NpgsqlCommand("CREATE TABLE t (v int);", setup).ExecuteNonQueryAsync();
        }

        int firstBackend;
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            firstBackend = (int)(await new NpgsqlCommand("SELECT pg_backend_pid();", connection).ExecuteScalarAsync())!;
            var transaction = await connection.BeginTransactionAsync();
            await new NpgsqlCommand("INSERT INTO t VALUES (1);", connection, transaction).ExecuteNonQueryAsync();

            // Returned to the pool without commit or rollback.
        }

        await using var reused = new NpgsqlConnection(connectionString);
        await reused.OpenAsync();
        Assert.Equal(firstBackend, (int)(await new NpgsqlCommand("SELECT pg_backend_pid();", reused).ExecuteScalarAsync())!);

        // The same backend would see its own uncommitted row were the transaction still open.
        Assert.Equal(0L, (long)(await new NpgsqlCommand("SELECT count(*) FROM t;", reused).ExecuteScalarAsync())!);
    }

    private static string Resolve(string connectionString)
        => DatabaseConnection.Resolve(new DatabaseOptions { Provider = DatabaseKind.Postgres, ConnectionString = connectionString });
}
