using Granary.Grains.Streams;
using Orleans.Streams;

namespace Granary.Silo.Tests.Grains;

[ImplicitStreamSubscription(Namespace)]
public sealed class EventLogGrain([PersistentState("log")] IPersistentState<EventLogState> state, DeliveryGate gate) : Grain, IEventLogGrain
{
    public const string Namespace = "test-event-log";

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var stream = this.GetStreamProvider(StreamProvider.Name).GetStream<int>(StreamId.Create(Namespace, this.GetPrimaryKeyString()));
        await stream.SubscribeAsync(OnNextAsync);
    }

    public Task<List<int>> GetReceivedAsync() => Task.FromResult(state.State.Received);

    private async Task OnNextAsync(int value, StreamSequenceToken? token)
    {
        await gate.PassAsync();
        state.State.Received.Add(value);
        await state.WriteStateAsync();
    }
}
