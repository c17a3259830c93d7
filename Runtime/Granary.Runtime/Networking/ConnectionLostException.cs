using System.Net;

namespace Granary.Networking;

/// <summary>
/// The connection a request was sent over closed before its response arrived, so the request failed at once
/// instead of waiting for its timeout. Whether the remote handled the request is unknown.
/// </summary>
public sealed class ConnectionLostException : GranaryException
{
    public ConnectionLostException(string message)
        : base(message)
    {
    }

    public ConnectionLostException(string message, Exception? innerException)
        : base(message, innerException!)
    {
    }

    public ConnectionLostException(EndPoint? remoteEndPoint, string message, Exception? innerException)
        : base(message, innerException!)
    {
        RemoteEndPoint = remoteEndPoint;
    }

    /// <summary>The remote end of the lost connection, when known.</summary>
    public EndPoint? RemoteEndPoint { get; }

    /// <summary>
    /// True when the message was refused before it was queued, so the peer cannot have received it: a call may
    /// then be sent elsewhere without risk of running twice. False when it may have been sent before the loss.
    /// </summary>
    public bool NotDelivered { get; init; }
}
