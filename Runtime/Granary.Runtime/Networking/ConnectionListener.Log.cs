using System.Net;
using Microsoft.Extensions.Logging;

namespace Granary.Networking;

internal sealed partial class ConnectionListener
{
    [LoggerMessage(EventId = EventIds.ListenerStarted, EventName = nameof(EventIds.ListenerStarted), Level = LogLevel.Information,
        Message = "Listening for silo and client connections on {EndPoint} as '{Identity}'.")]
    private static partial void LogStarted(ILogger logger, IPEndPoint endPoint, string identity);

    [LoggerMessage(EventId = EventIds.ListenerStopped, EventName = nameof(EventIds.ListenerStopped), Level = LogLevel.Information,
        Message = "Stopped accepting connections on {EndPoint}.")]
    private static partial void LogStopped(ILogger logger, IPEndPoint endPoint);

    [LoggerMessage(EventId = EventIds.AcceptFailed, EventName = nameof(EventIds.AcceptFailed), Level = LogLevel.Warning,
        Message = "Accepting a connection on {EndPoint} failed.")]
    private static partial void LogAcceptFailed(ILogger logger, Exception exception, IPEndPoint endPoint);
}
