using Microsoft.Extensions.Logging;

namespace Granary.Membership;

internal sealed partial class MembershipAgent
{
    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.MembershipJoining, Level = LogLevel.Information, Message = "Silo {Silo} is joining the cluster.")]
        public static partial void Joining(ILogger logger, SiloAddress silo);

        [LoggerMessage(EventId = EventIds.MembershipJoined, Level = LogLevel.Information,
            Message = "Silo {Silo} is active in the cluster after {ElapsedMs:F0} ms.")]
        public static partial void Joined(ILogger logger, SiloAddress silo, double elapsedMs);

        [LoggerMessage(EventId = EventIds.MembershipStatusWritten, Level = LogLevel.Debug, Message = "Silo {Silo} wrote its status {Status}.")]
        public static partial void StatusWritten(ILogger logger, SiloAddress silo, SiloStatus status);

        [LoggerMessage(EventId = EventIds.MembershipWriteConflict, Level = LogLevel.Debug,
            Message = "Silo {Silo} lost a membership write conflict ({Operation}, attempt {Attempt}); re-reading.")]
        public static partial void WriteConflict(ILogger logger, SiloAddress silo, string operation, int attempt);

        [LoggerMessage(EventId = EventIds.MembershipOlderGenerationDead, Level = LogLevel.Warning,
            Message = "Silo {Silo} declared {OldSilo}, an earlier run on the same endpoint, dead.")]
        public static partial void OlderGenerationDeclaredDead(ILogger logger, SiloAddress oldSilo, SiloAddress silo);

        [LoggerMessage(EventId = EventIds.MembershipShuttingDown, Level = LogLevel.Information, Message = "Silo {Silo} is shutting down.")]
        public static partial void ShuttingDown(ILogger logger, SiloAddress silo);

        [LoggerMessage(EventId = EventIds.MembershipLeft, Level = LogLevel.Information, Message = "Silo {Silo} left the cluster.")]
        public static partial void Left(ILogger logger, SiloAddress silo);

        [LoggerMessage(EventId = EventIds.MembershipDeclaredDeadSelf, Level = LogLevel.Error, Message = "Silo {Silo} stops: {Reason}")]
        public static partial void DeclaredDeadSelf(ILogger logger, SiloAddress silo, string reason);

        [LoggerMessage(EventId = EventIds.MembershipPeriodicWorkFailed, Level = LogLevel.Warning,
            Message = "Silo {Silo}: membership work '{Work}' failed; it runs again next period.")]
        public static partial void PeriodicWorkFailed(ILogger logger, Exception exception, SiloAddress? silo, string work);

        [LoggerMessage(EventId = EventIds.MembershipDefunctCleaned, Level = LogLevel.Debug,
            Message = "Silo {Silo} deleted rows of silos dead since before {Before:O}.")]
        public static partial void DefunctRowsCleaned(ILogger logger, SiloAddress silo, DateTimeOffset before);

        [LoggerMessage(EventId = EventIds.MembershipSnapshot, Level = LogLevel.Debug,
            Message = "Silo {Silo} sees membership version {Version}: {ActiveCount} active of {MemberCount} silos.")]
        public static partial void SnapshotPublished(ILogger logger, SiloAddress? silo, long version, int activeCount, int memberCount);

        [LoggerMessage(EventId = EventIds.MembershipProbeMissed, Level = LogLevel.Debug,
            Message = "Silo {Silo}: probe of {Target} missed ({Missed} in a row, limit {Limit}).")]
        public static partial void ProbeMissed(ILogger logger, SiloAddress silo, SiloAddress target, int missed, int limit);

        [LoggerMessage(EventId = EventIds.MembershipProbeFailed, Level = LogLevel.Debug, Message = "Silo {Silo}: probe of {Target} failed.")]
        public static partial void ProbeFailed(ILogger logger, Exception exception, SiloAddress silo, SiloAddress target);

        [LoggerMessage(EventId = EventIds.MembershipSuspected, Level = LogLevel.Warning,
            Message = "Silo {Silo} voted {Target} dead: {Votes} of {Required} votes.")]
        public static partial void Suspected(ILogger logger, SiloAddress silo, SiloAddress target, int votes, int required);

        [LoggerMessage(EventId = EventIds.MembershipDeclaredDead, Level = LogLevel.Warning,
            Message = "Silo {Silo} declared {Target} dead with {Votes} of {Required} votes.")]
        public static partial void DeclaredDead(ILogger logger, SiloAddress silo, SiloAddress target, int votes, int required);

        [LoggerMessage(EventId = EventIds.MembershipDeclaredDeadOverdue, Level = LogLevel.Warning,
            Message = "Silo {Silo} declared {Target} dead: it misses probes and last wrote IAmAlive at {IAmAlive:O} (now {Now:O}).")]
        public static partial void DeclaredDeadOverdue(ILogger logger, SiloAddress silo, SiloAddress target, DateTimeOffset iAmAlive, DateTimeOffset now);
    }
}
