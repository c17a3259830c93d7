using Orleans.Providers.Streams.Common;
using Orleans.Runtime;
using Orleans.Streams;

namespace Granary.Extensions.Streaming;

/// <summary>
/// One published batch: the row's payload (stream, events, request context), stamped on read with the row id as
/// its sequence number, so tokens of a queue grow with the order rows were committed.
/// </summary>
[GenerateSerializer]
[Alias("granary.streams.batch.v1")]
internal sealed class RelationalBatchContainer : IBatchContainer
{
    public RelationalBatchContainer(StreamId streamId, List<object> events, Dictionary<string, object>? requestContext)
    {
        StreamId = streamId;
        Events = events;
        RequestContext = requestContext;
    }

    [Id(0)]
    public StreamId StreamId { get; private set; }

    [Id(1)]
    public List<object> Events { get; private set; }

    [Id(2)]
    public Dictionary<string, object>? RequestContext { get; private set; }

    // Not part of the stored payload: assigned from the row id when read.
    [Id(3)]
    public EventSequenceTokenV2? Token { get; set; }

    /// <summary>The row id (also the token's sequence number).</summary>
    public long RowId => Token?.SequenceNumber ?? 0;

    public StreamSequenceToken SequenceToken => Token ?? throw new InvalidOperationException("The batch was not read from a queue yet.");

    public IEnumerable<Tuple<T, StreamSequenceToken>> GetEvents<T>()
    {
        var token = SequenceToken as EventSequenceTokenV2 ?? new EventSequenceTokenV2(0);
        for (var index = 0; index < Events.Count; index++)
        {
            if (Events[index] is T item)
            {
                yield return Tuple.Create(item, (StreamSequenceToken)token.CreateSequenceTokenForEvent(index));
            }
        }
    }

    public bool ImportRequestContext()
    {
        if (RequestContext is null || RequestContext.Count == 0)
        {
            return false;
        }

        RequestContextExtensions.Import(RequestContext);
        return true;
    }

    public override string ToString() => $"[{nameof(RelationalBatchContainer)}: stream {StreamId}, row {RowId}, {Events.Count} events]";
}
