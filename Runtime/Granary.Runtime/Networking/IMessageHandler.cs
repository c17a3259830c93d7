namespace Granary.Networking;

/// <summary>
/// Receives the requests and one-way requests that arrive on a connection (responses, probes and handshakes are
/// handled by the connection itself). Called on the connection's read loop, one message at a time: hand the work
/// off and return quickly. Reply with <c>connection.SendAsync(message.CreateResponse(...))</c>; the handler owns
/// <paramref name="message"/> and should dispose it once its payload is no longer needed.
/// </summary>
internal interface IMessageHandler
{
    void OnMessageReceived(Connection connection, Message message);
}
