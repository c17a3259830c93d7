using System.Collections.Concurrent;
using Granary.Networking;

namespace Granary.Runtime.Tests.Networking;

/// <summary>Keeps every request unanswered until the test answers it, to have requests in flight on purpose.</summary>
internal sealed class HoldingHandler : IMessageHandler
{
    private readonly ConcurrentQueue<(Connection Connection, Message Request)> _held = new();

    public int HeldCount => _held.Count;

    public void OnMessageReceived(Connection connection, Message message) => _held.Enqueue((connection, message));

    /// <summary>Answers every held request with its own payload.</summary>
    public async Task AnswerAllAsync()
    {
        while (_held.TryDequeue(out var held))
        {
            var response = held.Request.CreateResponse();
            response.SetPayload(held.Request.Payload.ToArray());
            held.Request.Dispose();
            await held.Connection.SendAsync(response);
        }
    }
}
