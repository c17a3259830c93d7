namespace Granary.ApiGateway.Errors;

internal sealed partial class GatewayExceptionHandler
{
    [LoggerMessage(EventId = EventIds.RequestRefused, Level = LogLevel.Debug, Message = "{Method} {Path} refused: {Code}")]
    private static partial void LogRefused(ILogger logger, string method, PathString path, string code);

    [LoggerMessage(EventId = EventIds.ClusterUnavailable, Level = LogLevel.Warning,
        Message = "{Method} {Path} answered 503: the cluster or its database cannot serve ({ExceptionType}: {Reason})")]
    private static partial void LogUnavailable(ILogger logger, string method, PathString path, string exceptionType, string reason);

    [LoggerMessage(EventId = EventIds.UnexpectedError, Level = LogLevel.Error, Message = "{Method} {Path} failed unexpectedly")]
    private static partial void LogUnexpected(ILogger logger, string method, PathString path, Exception exception);
}
