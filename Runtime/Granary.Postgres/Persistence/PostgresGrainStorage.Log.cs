using Microsoft.Extensions.Logging;

namespace Granary.Postgres.Persistence;

internal sealed partial class PostgresGrainStorage
{
    // Reads, writes, conflicts and failures are logged by RelationalGrainStorage.
    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.SchemaEnsured, Level = LogLevel.Information,
            Message = "Postgres grain storage '{StorageName}' is ready: table {TableName} exists")]
        public static partial void SchemaEnsured(ILogger logger, string storageName, string tableName);

        [LoggerMessage(EventId = EventIds.SchemaCreationSkipped, Level = LogLevel.Information,
            Message = "Postgres grain storage '{StorageName}' does not create table {TableName} (CreateSchema is false); a DBA applies GrainStateSchema.sql")]
        public static partial void SchemaCreationSkipped(ILogger logger, string storageName, string tableName);
    }
}
