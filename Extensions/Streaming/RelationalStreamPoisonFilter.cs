using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Streams;

namespace Granary.Extensions.Streaming;

/// <summary>
/// Dead-letters poison events of relational streams. Orleans' pulling agent retries a failing delivery and tells
/// <see cref="IStreamFailureHandler"/> nothing about the exception, so this filter sits where the exception is seen:
/// on the consumer's silo, around the agent's <c>IStreamConsumerExtension.DeliverBatch</c> call. It counts failures
/// per (subscription, row); at <see cref="RelationalStreamOptions.MaxDeliveryAttempts"/> it writes the dead-letter
/// row with the exception text and answers the agent with success, so delivery moves on and the row is deleted as
/// delivered. Cluster failures (silo gone, message rejected, time-outs, cancellation) never count: they are retried.
/// </summary>
internal sealed partial class RelationalStreamPoisonFilter(
    IServiceProvider services,
    IOptionsMonitor<RelationalStreamOptions> optionsMonitor,
    ILogger<RelationalStreamPoisonFilter> logger) : IIncomingGrainCallFilter
{
    private const string ConsumerExtensionInterface = "Orleans.Streams.IStreamConsumerExtension";
    private const string DeliverBatchMethod = "DeliverBatch";

    // Failed attempts per (subscription, provider, row), with the time of the last one. An entry leaves on success or
    // dead-lettering; one whose event moved to another silo would stay, so old ones are swept once there are many.
    private const int SweepAbove = 10_000;
    private static readonly TimeSpan ForgetAfter = TimeSpan.FromHours(2);
    private readonly ConcurrentDictionary<(Guid Subscription, string Provider, long RowId), (int Count, DateTimeOffset Last)> _failures = new();
    private readonly TimeProvider _time = services.GetService<TimeProvider>() ?? TimeProvider.System;

    // Runs inside the consumer activation's turn: no ConfigureAwait(false) here, like grain code.
    public async Task Invoke(IIncomingGrainCallContext context)
    {
        if (!IsDeliverBatch(context)
            || context.Request.GetArgument(0) is not GuidId subscription
            || context.Request.GetArgument(1) is not QualifiedStreamId streamId
            || context.Request.GetArgument(2) is not RelationalBatchContainer batch
            || services.GetKeyedService<RelationalStreamStore>(streamId.ProviderName) is not { } store)
        {
            await context.Invoke();
            return;
        }

        var key = (subscription.Guid, streamId.ProviderName, batch.RowId);
        try
        {
            await context.Invoke();
            _failures.TryRemove(key, out _);
        }
        catch (Exception exception) when (!IsTransient(exception))
        {
            var now = _time.GetUtcNow();
            var attempts = _failures.AddOrUpdate(key, (1, now), (_, entry) => (entry.Count + 1, now)).Count;
            SweepIfLarge(now);
            var maxAttempts = optionsMonitor.Get(streamId.ProviderName).MaxDeliveryAttempts;
            if (attempts < maxAttempts)
            {
                LogAttemptFailed(logger, streamId.ProviderName, streamId.StreamId, batch.RowId, context.TargetId, attempts, maxAttempts, exception);
                throw;
            }

            var serializer = services.GetRequiredService<Serializer<RelationalBatchContainer>>();
            var letter = new DeadLetterRow(
                store.QueueMapper.GetQueueForStream(streamId.StreamId).GetNumericId(),
                batch.RowId,
                streamId.StreamId.ToString(),
                context.TargetId.ToString(),
                attempts,
                exception.ToString(),
                serializer.SerializeToArray(batch));
            await store.DeadLetterAsync(letter, CancellationToken.None);
            _failures.TryRemove(key, out _);
            LogDeadLettered(logger, streamId.ProviderName, streamId.StreamId, batch.RowId, context.TargetId, attempts, exception);

            // A null handshake token: "delivered, carry on" for the agent.
            context.Result = null;
        }
    }

    private void SweepIfLarge(DateTimeOffset now)
    {
        if (_failures.Count <= SweepAbove)
        {
            return;
        }

        foreach (var (key, entry) in _failures)
        {
            if (now - entry.Last > ForgetAfter)
            {
                _failures.TryRemove(key, out _);
            }
        }
    }

    private static bool IsDeliverBatch(IIncomingGrainCallContext context) =>
        context.InterfaceMethod is { Name: DeliverBatchMethod } method
        && string.Equals(method.DeclaringType?.FullName, ConsumerExtensionInterface, StringComparison.Ordinal);

    private static bool IsTransient(Exception exception) => exception switch
    {
        AggregateException aggregate => aggregate.InnerExceptions.Count > 0 && aggregate.InnerExceptions.All(IsTransient),
        OrleansMessageRejectionException or ClientNotAvailableException or GatewayTooBusyException => true,
        TimeoutException or OperationCanceledException => true,
        _ => false,
    };
}
