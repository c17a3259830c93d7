using Microsoft.Extensions.Logging;

namespace Granary.Persistence.Relational;

internal abstract partial class RelationalGrainStorage
{
    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.RelationalStorageStateRead, Level = LogLevel.Debug,
            Message = "{Provider} grain storage '{StorageName}' read state '{StateName}' of {GrainId}: version {ETag}")]
        public static partial void StateRead(ILogger logger, string provider, string storageName, GrainId grainId, string stateName, string? eTag);

        [LoggerMessage(EventId = EventIds.RelationalStorageStateWritten, Level = LogLevel.Debug,
            Message = "{Provider} grain storage '{StorageName}' wrote state '{StateName}' of {GrainId}: version {ETag}")]
        public static partial void StateWritten(ILogger logger, string provider, string storageName, GrainId grainId, string stateName, string? eTag);

        [LoggerMessage(EventId = EventIds.RelationalStorageStateCleared, Level = LogLevel.Debug,
            Message = "{Provider} grain storage '{StorageName}' cleared state '{StateName}' of {GrainId}: version {ETag}")]
        public static partial void StateCleared(ILogger logger, string provider, string storageName, GrainId grainId, string stateName, string? eTag);

        [LoggerMessage(EventId = EventIds.RelationalStorageConflict, Level = LogLevel.Warning,
            Message = "{Provider} grain storage '{StorageName}' refused to {Operation} state '{StateName}' of {GrainId}: stored version {StoredETag}, caller holds {CurrentETag}")]
        public static partial void Conflict(
            ILogger logger, string provider, string storageName, string operation, GrainId grainId, string stateName, string? storedETag, string? currentETag);

        [LoggerMessage(EventId = EventIds.RelationalStorageOperationFailed, Level = LogLevel.Error,
            Message = "{Provider} grain storage '{StorageName}' failed to {Operation} state '{StateName}' of {GrainId}")]
        public static partial void OperationFailed(
            ILogger logger, Exception exception, string provider, string storageName, string operation, GrainId grainId, string stateName);
    }
}
