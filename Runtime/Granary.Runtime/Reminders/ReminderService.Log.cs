using Microsoft.Extensions.Logging;

namespace Granary.Reminders;

internal sealed partial class ReminderService
{
    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.ReminderServiceStarted, Level = LogLevel.Information,
            Message = "Reminder service started (cluster member: {Clustered}); the table is re-read every {RefreshPeriod}")]
        public static partial void Started(ILogger logger, bool clustered, TimeSpan refreshPeriod);

        [LoggerMessage(EventId = EventIds.ReminderServiceStopped, Level = LogLevel.Information,
            Message = "Reminder service stopped; {InFlight} ticks were in flight")]
        public static partial void Stopped(ILogger logger, int inFlight);

        [LoggerMessage(EventId = EventIds.ReminderRegistered, Level = LogLevel.Debug,
            Message = "Reminder '{ReminderName}' of {GrainId} registered: first tick {StartAt:O}, every {Period}, version {ETag}")]
        public static partial void Registered(ILogger logger, string reminderName, GrainId grainId, DateTime startAt, TimeSpan period, string eTag);

        [LoggerMessage(EventId = EventIds.ReminderUnregistered, Level = LogLevel.Debug, Message = "Reminder '{ReminderName}' of {GrainId} unregistered")]
        public static partial void Unregistered(ILogger logger, string reminderName, GrainId grainId);

        [LoggerMessage(EventId = EventIds.ReminderTicked, Level = LogLevel.Trace, Message = "Reminder '{ReminderName}' of {GrainId} ticked for {Tick:O}")]
        public static partial void Ticked(ILogger logger, string reminderName, GrainId grainId, DateTime tick);

        [LoggerMessage(EventId = EventIds.ReminderTickFailed, Level = LogLevel.Warning,
            Message = "Reminder '{ReminderName}' of {GrainId}: the tick for {Tick:O} failed; the next tick follows on schedule")]
        public static partial void TickFailed(ILogger logger, Exception exception, string reminderName, GrainId grainId, DateTime tick);

        [LoggerMessage(EventId = EventIds.RemindersReloaded, Level = LogLevel.Debug,
            Message = "Reminder table read: {Rows} rows, {Local} tick on this silo ({Started} started, {Stopped} stopped)")]
        public static partial void Reloaded(ILogger logger, int rows, int local, int started, int stopped);

        [LoggerMessage(EventId = EventIds.RemindersReloadFailed, Level = LogLevel.Warning,
            Message = "Reading the reminder table failed; local reminders keep ticking and the read is retried in {RetryIn}")]
        public static partial void ReloadFailed(ILogger logger, Exception exception, TimeSpan retryIn);

        [LoggerMessage(EventId = EventIds.ReminderMembershipFailed, Level = LogLevel.Error,
            Message = "Following membership changes failed: reminders move to new owners only at each refresh")]
        public static partial void FollowingMembershipFailed(ILogger logger, Exception exception);
    }
}
