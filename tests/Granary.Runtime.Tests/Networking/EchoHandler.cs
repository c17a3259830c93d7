using Granary.Networking;

namespace Granary.Runtime.Tests.Networking;

/// <summary>Answers every request with a response carrying the same payload; counts one-way messages.</summary>
internal sealed class EchoHandler : IMessageHandler
{
    private int _oneWayReceived;
    private int _requestsReceived;

    public int OneWayReceived => Volatile.Read(ref _oneWayReceived);

    public int RequestsReceived => Volatile.Read(ref _requestsReceived);

    public void OnMessageReceived(Connection connection, Message message)
    {
        if (message.Kind == MessageKind.OneWayRequest)
        {
            Interlocked.Increment(ref _oneWayReceived);
            message.Dispose();
            return;
        }

        Interlocked.Increment(ref _requestsReceived);
        var response = message.CreateResponse();
        response.SetPayload(message.Payload.ToArray());
        message.Dispose();
        var sending = connection.SendAsync(response);
        if (!sending.IsCompletedSuccessfully)
        {
            _ = sending.AsTask().ContinueWith(static t => _ = t.Exception, TaskScheduler.Default);
        }
    }
}
