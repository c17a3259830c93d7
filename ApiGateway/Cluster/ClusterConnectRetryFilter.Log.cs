namespace Granary.ApiGateway.Cluster;

internal sealed partial class ClusterConnectRetryFilter
{
    [LoggerMessage(EventId = EventIds.ClusterConnectRetry, Level = LogLevel.Warning,
        Message = "The cluster cannot be reached yet (attempt {Attempt}); trying again in {Delay}: {Reason}")]
    private static partial void LogConnectFailed(ILogger logger, int attempt, TimeSpan delay, string reason);
}
