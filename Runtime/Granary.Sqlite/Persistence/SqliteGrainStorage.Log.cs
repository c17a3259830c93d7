using Microsoft.Extensions.Logging;

namespace Granary.Sqlite.Persistence;

internal sealed partial class SqliteGrainStorage
{
    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.StateRead, Level = LogLevel.Debug,
            Message = "Sqlite grain storage '{StorageName}' read state '{StateName}' of {GrainId}: version {ETag}")]
        public static partial void StateRead(ILogger logger, string storageName, GrainId grainId, string stateName, string? eTag);

        [LoggerMessage(EventId = EventIds.StateWritten, Level = LogLevel.Debug,
            Message = "Sqlite grain storage '{StorageName}' wrote state '{StateName}' of {GrainId}: version {ETag}")]
        public static partial void StateWritten(ILogger logger, string storageName, GrainId grainId, string stateName, string? eTag);

        [LoggerMessage(EventId = EventIds.StateCleared, Level = LogLevel.Debug,
            Message = "Sqlite grain storage '{StorageName}' cleared state '{StateName}' of {GrainId}: version {ETag}")]
        public static partial void StateCleared(ILogger logger, string storageName, GrainId grainId, string stateName, string? eTag);

        [LoggerMessage(EventId = EventIds.Conflict, Level = LogLevel.Warning,
            Message = "Sqlite grain storage '{StorageName}' refused to {Operation} state '{StateName}' of {GrainId}: stored version {StoredETag}, caller holds {CurrentETag}")]
        public static partial void Conflict(
            ILogger logger, string storageName, string operation, GrainId grainId, string stateName, string? storedETag, string? currentETag);

        [LoggerMessage(EventId = EventIds.OperationFailed, Level = LogLevel.Error,
            Message = "Sqlite grain storage '{StorageName}' failed to {Operation} state '{StateName}' of {GrainId}")]
        public static partial void OperationFailed(
            ILogger logger, Exception exception, string storageName, string operation, GrainId grainId, string stateName);

        [LoggerMessage(EventId = EventIds.SchemaEnsured, Level = LogLevel.Information,
            Message = "Sqlite grain storage '{StorageName}' is ready: table '{TableName}' exists, journal mode WAL")]
        public static partial void SchemaEnsured(ILogger logger, string storageName, string tableName);
    }
}
