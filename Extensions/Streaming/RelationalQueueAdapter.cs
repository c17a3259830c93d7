using Orleans.Serialization;
using Orleans.Streams;

namespace Granary.Extensions.Streaming;

/// <summary>
/// Writes published batches as rows of the stream's queue (chosen by <see cref="IStreamQueueMapper"/>). The batch is
/// serialized before anything is written, so an unserializable event fails the publish with
/// <see cref="StreamEventSerializationException"/> and queues nothing; the publish returns once the row committed.
/// </summary>
internal sealed class RelationalQueueAdapter(
    string name,
    RelationalStreamStore store,
    IStreamQueueMapper queueMapper,
    Serializer<RelationalBatchContainer> serializer,
    Func<QueueId, IQueueAdapterReceiver> createReceiver) : IQueueAdapter
{
    public string Name => name;

    // Rows are deleted once delivered: a consumer cannot rewind to an older token.
    public bool IsRewindable => false;

    public StreamProviderDirection Direction => StreamProviderDirection.ReadWrite;

    public IQueueAdapterReceiver CreateReceiver(QueueId queueId) => createReceiver(queueId);

    public Task QueueMessageBatchAsync<T>(StreamId streamId, IEnumerable<T> events, StreamSequenceToken? token, Dictionary<string, object>? requestContext)
    {
        if (token is not null)
        {
            return Task.FromException(new NotSupportedException($"Stream provider '{name}' assigns sequence tokens itself; publish without a token."));
        }

        byte[] payload;
        try
        {
            var batch = new RelationalBatchContainer(streamId, events.Cast<object>().ToList(), requestContext);
            payload = serializer.SerializeToArray(batch);
        }
        catch (Exception exception)
        {
            return Task.FromException(new StreamEventSerializationException(name, streamId.ToString(), exception));
        }

        var queue = queueMapper.GetQueueForStream(streamId).GetNumericId();
        return store.EnqueueAsync(queue, streamId.ToString(), payload);
    }
}
