using Microsoft.Extensions.Logging;

namespace Granary.Activation;

internal sealed partial class ActivationData
{
    [LoggerMessage(EventId = EventIds.ActivationFailed, EventName = nameof(EventIds.ActivationFailed), Level = LogLevel.Error,
        Message = "Activation of grain {GrainId} failed; its queued calls fail with the same exception.")]
    private static partial void LogActivationFailed(ILogger logger, Exception exception, GrainId grainId);

    [LoggerMessage(EventId = EventIds.DeactivationFailed, EventName = nameof(EventIds.DeactivationFailed), Level = LogLevel.Warning,
        Message = "OnDeactivateAsync of grain {GrainId} threw; the activation is removed anyway.")]
    private static partial void LogDeactivationFailed(ILogger logger, Exception exception, GrainId grainId);

    [LoggerMessage(EventId = EventIds.WorkItemFailed, EventName = nameof(EventIds.WorkItemFailed), Level = LogLevel.Error,
        Message = "A work item of grain {GrainId} threw.")]
    private static partial void LogWorkItemFailed(ILogger logger, Exception exception, GrainId grainId);

    [LoggerMessage(EventId = EventIds.DeactivationTimedOut, EventName = nameof(EventIds.DeactivationTimedOut), Level = LogLevel.Warning,
        Message = "OnDeactivateAsync of grain {GrainId} did not finish within {Timeout}; the activation is removed anyway.")]
    private static partial void LogDeactivationTimedOut(ILogger logger, GrainId grainId, TimeSpan timeout);

    [LoggerMessage(EventId = EventIds.OneWayCallFailed, EventName = nameof(EventIds.OneWayCallFailed), Level = LogLevel.Warning,
        Message = "One-way call {Method} on grain {GrainId} threw; nobody awaits it, so it is only logged.")]
    private static partial void LogOneWayCallFailed(ILogger logger, Exception exception, string method, GrainId grainId);
}
