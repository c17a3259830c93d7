using Granary.Runtime;

namespace Granary.Streaming.PubSub;

/// <summary>See <see cref="IStreamPubSubGrain"/>. Grain code: awaits keep to the turn.</summary>
[GrainType("granary.pubsub")]
internal sealed class StreamPubSubGrain([PersistentState("subscriptions")] IPersistentState<StreamPubSubState> state)
    : Grain, IStreamPubSubGrain
{
    public Task Register(Guid subscriptionId, GrainId consumer)
    {
        var entry = new StreamSubscriptionEntry(subscriptionId, consumer);
        var current = state.State.Subscriptions;
        return current.Contains(entry)
            ? Task.CompletedTask
            : SaveAsync([.. current.Where(s => s.SubscriptionId != subscriptionId), entry]);
    }

    public Task Unregister(Guid subscriptionId)
    {
        var current = state.State.Subscriptions;
        return current.Exists(s => s.SubscriptionId == subscriptionId)
            ? SaveAsync([.. current.Where(s => s.SubscriptionId != subscriptionId)])
            : Task.CompletedTask;
    }

    public Task<List<StreamSubscriptionEntry>> GetSubscriptions() => Task.FromResult(state.State.Subscriptions);

    // The new list is visible only once stored: a failed write leaves the subscriptions as they were.
    private async Task SaveAsync(List<StreamSubscriptionEntry> subscriptions)
    {
        var previous = state.State.Subscriptions;
        state.State.Subscriptions = subscriptions;
        try
        {
            await state.WriteStateAsync().ConfigureAwait(true);
        }
        catch
        {
            state.State.Subscriptions = previous;
            throw;
        }
    }
}
