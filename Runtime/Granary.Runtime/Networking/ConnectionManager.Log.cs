using System.Net;
using Microsoft.Extensions.Logging;

namespace Granary.Networking;

internal sealed partial class ConnectionManager
{
    [LoggerMessage(EventId = EventIds.ConnectFailed, EventName = nameof(EventIds.ConnectFailed), Level = LogLevel.Information,
        Message = "Connecting to {RemoteEndPoint} failed; next attempt after {Backoff}.")]
    private static partial void LogConnectFailed(ILogger logger, Exception exception, EndPoint remoteEndPoint, TimeSpan backoff);
}
