using Microsoft.Extensions.Logging;

namespace Granary.Sqlite.Persistence;

internal sealed partial class SqliteGrainStorage
{
    // Reads, writes, conflicts and failures are logged by RelationalGrainStorage.
    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.SchemaEnsured, Level = LogLevel.Information,
            Message = "Sqlite grain storage '{StorageName}' is ready: table '{TableName}' exists, journal mode WAL")]
        public static partial void SchemaEnsured(ILogger logger, string storageName, string tableName);
    }
}
