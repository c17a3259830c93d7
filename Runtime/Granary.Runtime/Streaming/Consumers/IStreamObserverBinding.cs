using Granary.Streams;

namespace Granary.Streaming.Consumers;

/// <summary>A typed observer seen untyped, so one activation can hold observers of streams of different item types.</summary>
internal interface IStreamObserverBinding
{
    Task OnNextAsync(object? item, StreamSequenceToken token);
}
