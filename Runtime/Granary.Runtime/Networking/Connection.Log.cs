using System.Net;
using Microsoft.Extensions.Logging;

namespace Granary.Networking;

internal sealed partial class Connection
{
    [LoggerMessage(EventId = EventIds.ConnectionEstablished, EventName = nameof(EventIds.ConnectionEstablished), Level = LogLevel.Debug,
        Message = "{Direction} connection {LocalEndPoint} <-> {RemoteEndPoint} with '{RemoteIdentity}' established.")]
    private static partial void LogEstablished(ILogger logger, string direction, EndPoint localEndPoint, EndPoint remoteEndPoint, string remoteIdentity);

    [LoggerMessage(EventId = EventIds.ConnectionClosing, EventName = nameof(EventIds.ConnectionClosing), Level = LogLevel.Debug,
        Message = "Closing the connection with {RemoteEndPoint} ('{RemoteIdentity}'): draining {PendingRequests} sent and {InboundRequests} received requests.")]
    private static partial void LogClosing(ILogger logger, EndPoint remoteEndPoint, string remoteIdentity, int pendingRequests, int inboundRequests);

    [LoggerMessage(EventId = EventIds.ConnectionRemoteClosing, EventName = nameof(EventIds.ConnectionRemoteClosing), Level = LogLevel.Debug,
        Message = "{RemoteEndPoint} ('{RemoteIdentity}') is closing the connection; no new requests go over it.")]
    private static partial void LogRemoteClosing(ILogger logger, EndPoint remoteEndPoint, string remoteIdentity);

    [LoggerMessage(EventId = EventIds.ConnectionClosed, EventName = nameof(EventIds.ConnectionClosed), Level = LogLevel.Debug,
        Message = "The connection with {RemoteEndPoint} ('{RemoteIdentity}') closed.")]
    private static partial void LogClosed(ILogger logger, EndPoint remoteEndPoint, string remoteIdentity);

    [LoggerMessage(EventId = EventIds.ConnectionLost, EventName = nameof(EventIds.ConnectionLost), Level = LogLevel.Information,
        Message = "The connection with {RemoteEndPoint} ('{RemoteIdentity}') was lost; its pending requests fail.")]
    private static partial void LogConnectionLost(ILogger logger, Exception exception, EndPoint remoteEndPoint, string remoteIdentity);

    [LoggerMessage(EventId = EventIds.ConnectionDrainTimedOut, EventName = nameof(EventIds.ConnectionDrainTimedOut), Level = LogLevel.Warning,
        Message = "The connection with {RemoteEndPoint} ('{RemoteIdentity}') did not drain within {Timeout} ({PendingRequests} sent and {InboundRequests} received requests unanswered); aborting it.")]
    private static partial void LogDrainTimedOut(ILogger logger, EndPoint remoteEndPoint, string remoteIdentity, TimeSpan timeout, int pendingRequests, int inboundRequests);

    [LoggerMessage(EventId = EventIds.ProtocolViolation, EventName = nameof(EventIds.ProtocolViolation), Level = LogLevel.Warning,
        Message = "{RemoteEndPoint} ('{RemoteIdentity}') sent an invalid frame; closing the connection.")]
    private static partial void LogProtocolViolation(ILogger logger, Exception exception, EndPoint remoteEndPoint, string remoteIdentity);

    [LoggerMessage(EventId = EventIds.HandshakeRejected, EventName = nameof(EventIds.HandshakeRejected), Level = LogLevel.Warning,
        Message = "Refused the handshake of {RemoteEndPoint}: {Reason}")]
    private static partial void LogHandshakeRejected(ILogger logger, EndPoint remoteEndPoint, string reason);

    [LoggerMessage(EventId = EventIds.MessageHandlerFailed, EventName = nameof(EventIds.MessageHandlerFailed), Level = LogLevel.Error,
        Message = "The message handler threw on a {Kind} from {RemoteEndPoint} ('{RemoteIdentity}'); a request is rejected.")]
    private static partial void LogHandlerFailed(ILogger logger, Exception exception, MessageKind kind, EndPoint remoteEndPoint, string remoteIdentity);
}
