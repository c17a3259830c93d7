using Granary.Activation;
using Granary.Streams;

namespace Granary.Streaming.Consumers;

/// <summary>Finds the stream consumer of the activation whose turn is running on this thread.</summary>
internal static class StreamConsumerContext
{
    public static StreamConsumerExtension Current(string operation)
    {
        // Grain code runs on its activation's synchronization context (it must not use ConfigureAwait(false)).
        if (SynchronizationContext.Current is not ActivationData activation)
        {
            throw new StreamSubscriptionException(
                $"{operation} must be called inside a grain's turn (a client or ConfigureAwait(false) code cannot subscribe).");
        }

        return activation.GetComponent<IStreamConsumer>() as StreamConsumerExtension
            ?? throw new StreamSubscriptionException("This silo has no stream provider, so grains cannot subscribe.");
    }
}
