using Granary.Networking;

namespace Granary.Client;

/// <summary>A client hosts no grains: a request that reaches it is refused, so its sender fails fast.</summary>
internal sealed class RejectingMessageHandler : IMessageHandler
{
    public void OnMessageReceived(Connection connection, Message message)
    {
        if (message.Kind == MessageKind.Request)
        {
            _ = connection.SendAsync(message.CreateRejection("This is a cluster client; it hosts no grains."));
        }

        message.Dispose();
    }
}
