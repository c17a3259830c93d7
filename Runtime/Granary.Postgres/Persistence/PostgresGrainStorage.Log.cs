using Microsoft.Extensions.Logging;

namespace Granary.Postgres.Persistence;

internal sealed partial class PostgresGrainStorage
{
    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.StateRead, Level = LogLevel.Debug,
            Message = "Postgres grain storage '{StorageName}' read state '{StateName}' of {GrainId}: version {ETag}")]
        public static partial void StateRead(ILogger logger, string storageName, GrainId grainId, string stateName, string? eTag);

        [LoggerMessage(EventId = EventIds.StateWritten, Level = LogLevel.Debug,
            Message = "Postgres grain storage '{StorageName}' wrote state '{StateName}' of {GrainId}: version {ETag}")]
        public static partial void StateWritten(ILogger logger, string storageName, GrainId grainId, string stateName, string? eTag);

        [LoggerMessage(EventId = EventIds.StateCleared, Level = LogLevel.Debug,
            Message = "Postgres grain storage '{StorageName}' cleared state '{StateName}' of {GrainId}: version {ETag}")]
        public static partial void StateCleared(ILogger logger, string storageName, GrainId grainId, string stateName, string? eTag);

        [LoggerMessage(EventId = EventIds.Conflict, Level = LogLevel.Warning,
            Message = "Postgres grain storage '{StorageName}' refused to {Operation} state '{StateName}' of {GrainId}: stored version {StoredETag}, caller holds {CurrentETag}")]
        public static partial void Conflict(
            ILogger logger, string storageName, string operation, GrainId grainId, string stateName, string? storedETag, string? currentETag);

        [LoggerMessage(EventId = EventIds.OperationFailed, Level = LogLevel.Error,
            Message = "Postgres grain storage '{StorageName}' failed to {Operation} state '{StateName}' of {GrainId}")]
        public static partial void OperationFailed(
            ILogger logger, Exception exception, string storageName, string operation, GrainId grainId, string stateName);

        [LoggerMessage(EventId = EventIds.SchemaEnsured, Level = LogLevel.Information,
            Message = "Postgres grain storage '{StorageName}' is ready: table {TableName} exists")]
        public static partial void SchemaEnsured(ILogger logger, string storageName, string tableName);

        [LoggerMessage(EventId = EventIds.SchemaCreationSkipped, Level = LogLevel.Information,
            Message = "Postgres grain storage '{StorageName}' does not create table {TableName} (CreateSchema is false); a DBA applies GrainStateSchema.sql")]
        public static partial void SchemaCreationSkipped(ILogger logger, string storageName, string tableName);
    }
}
