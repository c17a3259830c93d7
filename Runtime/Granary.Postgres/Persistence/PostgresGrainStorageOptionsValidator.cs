using Granary.Persistence.Relational;
using Npgsql;

namespace Granary.Postgres.Persistence;

/// <summary>Validates the options of one named PostgreSQL storage (see <see cref="RelationalGrainStorageOptionsValidator{TOptions}"/>).</summary>
internal sealed class PostgresGrainStorageOptionsValidator(string storageName, string settingsPath)
    : RelationalGrainStorageOptionsValidator<PostgresGrainStorageOptions>("Postgres", storageName, settingsPath)
{
    protected override void Validate(PostgresGrainStorageOptions options, List<string> failures)
    {
        ValidateConnectionString(failures, options.ConnectionString, "Npgsql", connectionString => _ = new NpgsqlConnectionStringBuilder(connectionString));
        ValidateIdentifier(failures, "Schema", options.Schema, "schema name");
        ValidateIdentifier(failures, "TableName", options.TableName, "table name");
    }
}
