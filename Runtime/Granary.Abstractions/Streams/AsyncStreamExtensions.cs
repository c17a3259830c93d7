namespace Granary.Streams;

/// <summary>Delegate-based overloads of subscribe and resume.</summary>
public static class AsyncStreamExtensions
{
    public static Task<StreamSubscriptionHandle<T>> SubscribeAsync<T>(
        this IAsyncStream<T> stream, Func<T, StreamSequenceToken?, Task> onNextAsync)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return stream.SubscribeAsync(new DelegateAsyncObserver<T>(onNextAsync));
    }

    public static Task<StreamSubscriptionHandle<T>> ResumeAsync<T>(
        this StreamSubscriptionHandle<T> handle, Func<T, StreamSequenceToken?, Task> onNextAsync)
    {
        ArgumentNullException.ThrowIfNull(handle);
        return handle.ResumeAsync(new DelegateAsyncObserver<T>(onNextAsync));
    }

    private sealed class DelegateAsyncObserver<T>(Func<T, StreamSequenceToken?, Task> onNextAsync) : IAsyncObserver<T>
    {
        private readonly Func<T, StreamSequenceToken?, Task> _onNextAsync = onNextAsync ?? throw new ArgumentNullException(nameof(onNextAsync));

        public Task OnNextAsync(T item, StreamSequenceToken? token = null) => _onNextAsync(item, token);
    }
}
