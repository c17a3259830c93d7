using Granary.Streams;

namespace Granary.Streaming.Consumers;

/// <summary>Passes each item to a typed observer; an item of another type fails with <see cref="InvalidCastException"/>.</summary>
internal sealed class StreamObserverBinding<T>(IAsyncObserver<T> observer) : IStreamObserverBinding
{
    public Task OnNextAsync(object? item, StreamSequenceToken token) => observer.OnNextAsync((T)item!, token);
}
