using Granary.Grains.Events;
using Granary.Grains.Persistence;
using Granary.Grains.Streams;
using Microsoft.Extensions.Logging;
using Orleans.Streams;

namespace Granary.Grains.Outbox;

/// <summary>
/// The transactional outbox of one grain: events are added to the grain's state, persisted with the change that
/// caused them, and published after the write. What could not be published stays in the state and is published
/// again on a timer and on the next activation, so no event is lost between a state change and its publication.
/// Published events leave the stored state with the grain's next write; a grain with no next write (a finished
/// order) publishes its last events again when it is next activated, rather than spend a write per deactivation.
/// So an event may be published more than once, which every handler tolerates (same event id, same version).
/// </summary>
internal sealed partial class EventOutbox<TState>(Grain grain, IPersistentState<TState> state, ILogger logger)
    where TState : IOutboxState
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);
    private IStreamProvider? _provider;
    private IGrainTimer? _retry;

    /// <summary>Queues <paramref name="event"/>, stamped with a new id, its time and the version the state is saved with.</summary>
    public bool HasPending => state.State.Outbox.Count > 0;

    public void Add(StreamId stream, ShopEvent @event, long sourceVersion, DateTimeOffset at)
        => state.State.Outbox.Add(new OutboxEntry(stream, @event with { EventId = Guid.NewGuid(), At = at, SourceVersion = sourceVersion }));

    /// <summary>Persists the state (with the events just added), then publishes them.</summary>
    public async Task WriteAndPublishAsync()
    {
        await state.WriteOrDeactivateAsync(grain);
        await PublishAsync();
    }

    /// <summary>
    /// Publishes pending events in order, dropping each once its stream accepted it. A failure is logged and retried
    /// on a timer; it never fails the caller, whose change is already durable.
    /// </summary>
    public async Task PublishAsync()
    {
        var pending = state.State.Outbox;
        _provider ??= grain.GetStreamProvider(StreamProvider.Name);
        while (pending.Count > 0)
        {
            var entry = pending[0];
            try
            {
                await _provider.GetStream<ShopEvent>(entry.Stream).OnNextAsync(entry.Event);
            }
            catch (Exception exception)
            {
                LogPublishFailed(logger, exception, entry.Event.GetType().Name, entry.Stream, pending.Count);
                // Keeps the activation alive until the events are out: an idle grain would otherwise hold them
                // in storage until something activates it again.
                _retry ??= grain.RegisterGrainTimer(RetryAsync, new GrainTimerCreationOptions(RetryDelay, RetryDelay) { KeepAlive = true });
                return;
            }

            pending.RemoveAt(0);
        }

        _retry?.Dispose();
        _retry = null;
    }

    private Task RetryAsync(CancellationToken cancellationToken) => PublishAsync();

    [LoggerMessage(EventId = EventIds.OutboxPublishFailed, Level = LogLevel.Warning, Message = "Could not publish {EventType} on {Stream} ({Pending} pending); retrying")]
    private static partial void LogPublishFailed(ILogger logger, Exception exception, string eventType, StreamId stream, int pending);
}
