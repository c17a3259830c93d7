using Granary.Persistence.Relational;
using Microsoft.Data.Sqlite;

namespace Granary.Sqlite.Persistence;

/// <summary>Validates the options of one named SQLite storage (see <see cref="RelationalGrainStorageOptionsValidator{TOptions}"/>).</summary>
internal sealed class SqliteGrainStorageOptionsValidator(string storageName, string settingsPath)
    : RelationalGrainStorageOptionsValidator<SqliteGrainStorageOptions>("Sqlite", storageName, settingsPath)
{
    protected override void Validate(SqliteGrainStorageOptions options, List<string> failures)
    {
        ValidateConnectionString(failures, options.ConnectionString, "SQLite", connectionString => _ = new SqliteConnectionStringBuilder(connectionString));
        ValidateIdentifier(failures, "TableName", options.TableName, "table name");
        if (options.BusyTimeout <= TimeSpan.Zero || options.BusyTimeout.TotalMilliseconds > int.MaxValue)
        {
            failures.Add($"{Setting("BusyTimeout must be positive and below 24 days")}.");
        }
    }
}
