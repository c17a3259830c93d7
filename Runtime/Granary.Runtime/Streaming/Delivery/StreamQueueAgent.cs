using Granary.Serialization;
using Granary.Streaming.PubSub;
using Granary.Streaming.Queues;
using Granary.Streams;
using Microsoft.Extensions.Logging;

namespace Granary.Streaming.Delivery;

/// <summary>
/// Drains one queue: read a batch, deliver each stream's events to each of its subscriptions in order (streams
/// and subscriptions in parallel), then checkpoint the batch. A failing handler is retried with backoff and,
/// after the configured attempts, its event goes to the dead letters, so it never blocks the queue. Nothing
/// is checkpointed before its handlers succeeded or it was dead-lettered: a crash means redelivery, not loss.
/// </summary>
internal sealed partial class StreamQueueAgent(
    StreamProvider provider,
    IStreamQueueReceiver receiver,
    StreamDeliveryOptions options,
    Func<IReadOnlyCollection<string>?> deadSilos,
    IGrainFactory grainFactory,
    IDeepCopier copier,
    TimeProvider time,
    ILogger logger)
{
    private const string DecodeConsumer = "(undecodable)";
    private long _lastRenewed;

    public int QueueId => receiver.QueueId;

    /// <summary>
    /// Runs until <paramref name="stopping"/> (graceful: the current batch finishes and is checkpointed, an
    /// in-memory queue is drained first, the lease is released) or <paramref name="killed"/> (stop at once).
    /// </summary>
    public async Task RunAsync(CancellationToken stopping, CancellationToken killed)
    {
        using var stoppingOrKilled = CancellationTokenSource.CreateLinkedTokenSource(stopping, killed);
        var shared = provider.Adapter.IsShared;
        var holding = !shared;
        var closed = false;
        var failures = 0;
        while (!killed.IsCancellationRequested)
        {
            try
            {
                if (shared)
                {
                    if (stopping.IsCancellationRequested)
                    {
                        break;
                    }

                    if (!holding || time.GetElapsedTime(Volatile.Read(ref _lastRenewed)) >= options.LeaseRenewalPeriod)
                    {
                        var acquired = await receiver.TryAcquireAsync(deadSilos(), killed).ConfigureAwait(false);
                        if (acquired && !holding)
                        {
                            LogLeaseAcquired(logger, provider.Name, QueueId);
                        }

                        holding = acquired;
                        Volatile.Write(ref _lastRenewed, time.GetTimestamp());
                        if (!holding)
                        {
                            await DelayAsync(options.PollInterval, stoppingOrKilled.Token).ConfigureAwait(false);
                            continue;
                        }
                    }
                }

                var batch = await receiver.ReadAsync(options.MaxBatchSize, killed).ConfigureAwait(false);
                if (batch.Count == 0)
                {
                    if (stopping.IsCancellationRequested)
                    {
                        // An in-memory queue is closed to producers, then drained once more, before its agent ends.
                        if (!shared && !closed)
                        {
                            await receiver.ReleaseAsync(killed).ConfigureAwait(false);
                            closed = true;
                            continue;
                        }

                        break;
                    }

                    await receiver.WaitForEventsAsync(options.PollInterval, stoppingOrKilled.Token).ConfigureAwait(false);
                    continue;
                }

                await DeliverHoldingLeaseAsync(batch, shared, killed).ConfigureAwait(false);
                await receiver.CompleteAsync(batch, killed).ConfigureAwait(false);
                failures = 0;
            }
            catch (OperationCanceledException) when (stoppingOrKilled.IsCancellationRequested)
            {
                // Stopping or killed: the loop condition decides.
            }
            catch (StreamQueueLeaseLostException exception)
            {
                LogLeaseLost(logger, provider.Name, QueueId, exception.Message);
                holding = false;
            }
            catch (Exception exception)
            {
                failures++;
                LogQueueFailed(logger, provider.Name, QueueId, exception);
                await DelayQuietlyAsync(Backoff(failures), killed).ConfigureAwait(false);
            }
        }

        if (shared && holding && !killed.IsCancellationRequested)
        {
            try
            {
                await receiver.ReleaseAsync(CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception exception)
            {
                LogQueueFailed(logger, provider.Name, QueueId, exception);
            }
        }
    }

    // A batch may take long (slow handlers, retries): the lease is renewed meanwhile, so it never expires under it.
    private async Task DeliverHoldingLeaseAsync(IReadOnlyList<QueuedStreamEvent> batch, bool shared, CancellationToken killed)
    {
        if (!shared)
        {
            await DeliverBatchAsync(batch, killed).ConfigureAwait(false);
            return;
        }

        using var delivering = CancellationTokenSource.CreateLinkedTokenSource(killed);
        var renewal = RenewLeaseAsync(delivering.Token);
        try
        {
            await DeliverBatchAsync(batch, killed).ConfigureAwait(false);
        }
        finally
        {
            await delivering.CancelAsync().ConfigureAwait(false);
            await renewal.ConfigureAwait(false);
        }
    }

    private async Task RenewLeaseAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await DelayAsync(options.LeaseRenewalPeriod, cancellationToken).ConfigureAwait(false);
                if (!await receiver.TryAcquireAsync(deadSilos(), cancellationToken).ConfigureAwait(false))
                {
                    // Taken over: the checkpoint will be refused and the new owner redelivers this batch.
                    return;
                }

                Volatile.Write(ref _lastRenewed, time.GetTimestamp());
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                LogQueueFailed(logger, provider.Name, QueueId, exception);
            }
        }
    }

    private async Task DeliverBatchAsync(IReadOnlyList<QueuedStreamEvent> batch, CancellationToken killed)
    {
        var streams = new Dictionary<StreamId, List<QueuedStreamEvent>>();
        List<Task>? deadLetters = null;
        foreach (var queued in batch)
        {
            if (queued.DecodeError is not null)
            {
                (deadLetters ??= []).Add(DeadLetterAsync(queued, DecodeConsumer, queued.DecodeError, 1, killed));
                continue;
            }

            if (!streams.TryGetValue(queued.StreamId, out var events))
            {
                streams[queued.StreamId] = events = [];
            }

            events.Add(queued);
        }

        var deliveries = new List<Task>(streams.Count + (deadLetters?.Count ?? 0));
        foreach (var (streamId, events) in streams)
        {
            deliveries.Add(DeliverStreamAsync(streamId, events, killed));
        }

        if (deadLetters is not null)
        {
            deliveries.AddRange(deadLetters);
        }

        await Task.WhenAll(deliveries).ConfigureAwait(false);
    }

    private async Task DeliverStreamAsync(StreamId streamId, List<QueuedStreamEvent> events, CancellationToken killed)
    {
        // Without the subscriber list nothing can be delivered or dead-lettered: retry until it comes.
        var subscriptions = await RetryAsync(() => provider.GetSubscriptionsAsync(streamId).WaitAsync(killed), killed).ConfigureAwait(false);
        if (subscriptions.Count == 1)
        {
            await DeliverToAsync(streamId, events, subscriptions[0], copyItems: false, killed).ConfigureAwait(false);
            return;
        }

        // Each subscription gets its own copy of the items, so one consumer cannot change another's.
        var deliveries = new Task[subscriptions.Count];
        for (var i = 0; i < subscriptions.Count; i++)
        {
            deliveries[i] = DeliverToAsync(streamId, events, subscriptions[i], copyItems: i > 0, killed);
        }

        await Task.WhenAll(deliveries).ConfigureAwait(false);
    }

    private async Task DeliverToAsync(
        StreamId streamId, List<QueuedStreamEvent> events, StreamSubscriptionEntry subscription, bool copyItems, CancellationToken killed)
    {
        IStreamConsumer? consumer = null;
        var next = 0;
        var attempts = 0;
        var outages = 0;
        while (next < events.Count)
        {
            killed.ThrowIfCancellationRequested();
            StreamDeliveryResult result;
            try
            {
                // Inside the try: a subscription naming no valid grain, or an item that cannot be copied, fails
                // like a handler, so it cannot stall the queue.
                consumer ??= grainFactory.GetGrain<IStreamConsumer>(subscription.Consumer);
                var delivery = CreateDelivery(streamId, events, next, subscription.SubscriptionId, copyItems);
                result = await consumer.Deliver(delivery).WaitAsync(killed).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (killed.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception exception)
            {
                result = new StreamDeliveryResult(0, exception.GetType().FullName, exception.Message, StreamDeliveryFailure.IsTransient(exception));
            }

            next += result.Delivered;
            if (result.Delivered > 0)
            {
                attempts = 0;
                outages = 0;
            }

            if (result.ErrorType is null)
            {
                // All delivered, or the consumer stopped at its time budget and the rest goes in the next call.
                if (result.Delivered == 0)
                {
                    break;
                }

                continue;
            }

            if (result.Transient)
            {
                outages++;
                LogDeliveryRetried(logger, provider.Name, streamId, subscription.Consumer, result.Error ?? result.ErrorType);
                await DelayAsync(Backoff(outages), killed).ConfigureAwait(false);
                continue;
            }

            // An event for a subscription the activation has no observer for cannot succeed on a retry.
            attempts++;
            var hopeless = result.ErrorType == typeof(StreamSubscriptionException).FullName;
            if (!hopeless && attempts < options.MaxDeliveryAttempts)
            {
                LogHandlerFailed(logger, provider.Name, streamId, subscription.Consumer, events[next].SequenceNumber, attempts, result.ErrorType, result.Error);
                await DelayAsync(Backoff(attempts), killed).ConfigureAwait(false);
                continue;
            }

            await DeadLetterAsync(events[next], subscription.Consumer.ToString(), $"{result.ErrorType}: {result.Error}", attempts, killed)
                .ConfigureAwait(false);
            next++;
            attempts = 0;
        }
    }

    private StreamDelivery CreateDelivery(StreamId streamId, List<QueuedStreamEvent> events, int from, Guid subscriptionId, bool copyItems)
    {
        var items = new List<object?>(events.Count - from);
        var tokens = new List<StreamSequenceToken>(events.Count - from);
        for (var i = from; i < events.Count; i++)
        {
            items.Add(copyItems ? copier.Copy(events[i].Item) : events[i].Item);
            tokens.Add(new StreamSequenceToken(events[i].SequenceNumber, 0));
        }

        return new StreamDelivery(provider.Name, streamId, subscriptionId, items, tokens);
    }

    private async Task DeadLetterAsync(QueuedStreamEvent queued, string consumer, string error, int attempts, CancellationToken killed)
    {
        LogDeadLettered(logger, provider.Name, queued.StreamId, queued.SequenceNumber, consumer, attempts, error);
        await RetryAsync(
            async () =>
            {
                await receiver.DeadLetterAsync(queued, consumer, error, attempts, killed).ConfigureAwait(false);
                return true;
            },
            killed).ConfigureAwait(false);
    }

    private async Task<T> RetryAsync<T>(Func<Task<T>> operation, CancellationToken killed)
    {
        for (var failures = 1; ; failures++)
        {
            try
            {
                return await operation().ConfigureAwait(false);
            }
            catch (Exception exception) when (!killed.IsCancellationRequested)
            {
                LogQueueFailed(logger, provider.Name, QueueId, exception);
                await DelayAsync(Backoff(failures), killed).ConfigureAwait(false);
            }
        }
    }

    private TimeSpan Backoff(int attempt)
    {
        var delay = options.RetryDelay * Math.Pow(2, Math.Min(attempt - 1, 16));
        return delay < options.MaxRetryDelay ? delay : options.MaxRetryDelay;
    }

    private Task DelayAsync(TimeSpan delay, CancellationToken cancellationToken) => Task.Delay(delay, time, cancellationToken);

    private async Task DelayQuietlyAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await DelayAsync(delay, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Killed while backing off.
        }
    }

    [LoggerMessage(EventId = EventIds.StreamLeaseAcquired, Level = LogLevel.Information, Message = "Stream provider {Provider}: this silo now drains queue {QueueId}.")]
    private static partial void LogLeaseAcquired(ILogger logger, string provider, int queueId);

    [LoggerMessage(EventId = EventIds.StreamLeaseLost, Level = LogLevel.Warning,
        Message = "Stream provider {Provider}: the lease on queue {QueueId} was taken over; its last batch will be redelivered by the new owner. {Reason}")]
    private static partial void LogLeaseLost(ILogger logger, string provider, int queueId, string reason);

    [LoggerMessage(EventId = EventIds.StreamQueueFailed, Level = LogLevel.Warning, Message = "Stream provider {Provider}: queue {QueueId} failed; retrying.")]
    private static partial void LogQueueFailed(ILogger logger, string provider, int queueId, Exception exception);

    [LoggerMessage(EventId = EventIds.StreamDeliveryRetried, Level = LogLevel.Debug,
        Message = "Stream provider {Provider}: delivery of {StreamId} to {Consumer} could not reach its silo ({Reason}); retrying.")]
    private static partial void LogDeliveryRetried(ILogger logger, string provider, StreamId streamId, GrainId consumer, string reason);

    [LoggerMessage(EventId = EventIds.StreamHandlerFailed, Level = LogLevel.Warning,
        Message = "Stream provider {Provider}: {Consumer} failed on event {Sequence} of {StreamId} (attempt {Attempt}): {ErrorType}: {Error}")]
    private static partial void LogHandlerFailed(
        ILogger logger, string provider, StreamId streamId, GrainId consumer, long sequence, int attempt, string? errorType, string? error);

    [LoggerMessage(EventId = EventIds.StreamEventDeadLettered, Level = LogLevel.Error,
        Message = "Stream provider {Provider}: event {Sequence} of {StreamId} goes to the dead letters for {Consumer} after {Attempts} attempts: {Error}")]
    private static partial void LogDeadLettered(ILogger logger, string provider, StreamId streamId, long sequence, string consumer, int attempts, string error);
}
