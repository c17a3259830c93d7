using Granary.Runtime;

namespace Granary.Streaming.PubSub;

/// <summary>See <see cref="IStreamPubSubGrain"/>. Grain code: awaits keep to the turn.</summary>
[GrainType("granary.pubsub")]
internal sealed class StreamPubSubGrain([PersistentState("subscriptions")] IPersistentState<StreamPubSubState> state)
    : Grain, IStreamPubSubGrain
{
    public async Task Register(Guid subscriptionId, GrainId consumer)
    {
        var subscriptions = state.State.Subscriptions;
        var index = subscriptions.FindIndex(s => s.SubscriptionId == subscriptionId);
        var entry = new StreamSubscriptionEntry(subscriptionId, consumer);
        if (index >= 0 && subscriptions[index] == entry)
        {
            return;
        }

        if (index >= 0)
        {
            subscriptions[index] = entry;
        }
        else
        {
            subscriptions.Add(entry);
        }

        await state.WriteStateAsync().ConfigureAwait(true);
    }

    public async Task Unregister(Guid subscriptionId)
    {
        if (state.State.Subscriptions.RemoveAll(s => s.SubscriptionId == subscriptionId) > 0)
        {
            await state.WriteStateAsync().ConfigureAwait(true);
        }
    }

    public Task<List<StreamSubscriptionEntry>> GetSubscriptions() => Task.FromResult(state.State.Subscriptions);
}
