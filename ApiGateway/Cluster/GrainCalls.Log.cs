namespace Granary.ApiGateway.Cluster;

internal sealed partial class GrainCalls
{
    [LoggerMessage(EventId = EventIds.GrainCallAbandoned, Level = LogLevel.Debug,
        Message = "A grain call the request stopped waiting for failed later ({ExceptionType}).")]
    private static partial void LogAbandonedCallFailed(ILogger logger, string exceptionType);
}
