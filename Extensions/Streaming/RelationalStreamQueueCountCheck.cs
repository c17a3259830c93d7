using Orleans;
using Orleans.Runtime;

namespace Granary.Extensions.Streaming;

/// <summary>
/// Refuses to start a silo whose <see cref="RelationalStreamOptions.QueueCount"/> is lower than the queues that still
/// hold events: no agent would ever read those queues again, and their events would be lost in silence. Runs after
/// the schema step (first stage), before the pulling agents start. Raising the count loses nothing (events already
/// queued stay in their queues and are delivered; new ones of a moved stream may overtake them).
/// </summary>
internal sealed class RelationalStreamQueueCountCheck(string providerName, RelationalStreamStore store, int queueCount) : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle)
        => lifecycle.Subscribe($"{nameof(RelationalStreamQueueCountCheck)}-{providerName}", ServiceLifecycleStage.RuntimeInitialize, CheckAsync);

    internal async Task CheckAsync(CancellationToken cancellationToken)
    {
        if (await store.FindQueueAtOrBeyondAsync(queueCount, cancellationToken).ConfigureAwait(false) is { } queue)
        {
            throw new InvalidOperationException(
                $"Stream provider '{providerName}': {nameof(RelationalStreamOptions)}.{nameof(RelationalStreamOptions.QueueCount)} is {queueCount}, "
                + $"but queue {queue} still holds undelivered events, which no silo would read again. Set QueueCount to at least {queue + 1} until they are delivered.");
        }
    }
}
