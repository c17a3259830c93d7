using System.Threading.Channels;
using Granary.Activation;
using Granary.Serialization;
using Granary.Serialization.Wire;
using Granary.Streaming.Queues;
using Granary.Streams;
using Microsoft.Extensions.Logging;

namespace Granary.Streaming.Memory;

/// <summary>
/// Best-effort queues in the producing silo's memory: events are copied at publish (so an uncopyable value
/// fails there, typed) and delivered by that silo's agents. They are drained before a graceful stop, and lost
/// if the silo crashes. Dead letters are logged and the latest kept in memory.
/// </summary>
internal sealed partial class MemoryStreamQueueAdapter : IStreamQueueAdapter
{
    private const int KeptDeadLetters = 1_000;
    private readonly string _name;
    private readonly IDeepCopier _copier;
    private readonly WireSerializer _serializer;
    private readonly ILogger _logger;
    private readonly Channel<QueuedStreamEvent>[] _queues;
    private readonly long[] _sequences;
    private readonly int _capacity;
    private readonly Queue<MemoryDeadLetter> _deadLetters = new();

    public MemoryStreamQueueAdapter(
        string name, MemoryStreamOptions options, IDeepCopier copier, WireSerializer serializer, ILogger<MemoryStreamQueueAdapter> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _name = name;
        _copier = copier;
        _serializer = serializer;
        _logger = logger;
        _queues = new Channel<QueuedStreamEvent>[options.QueueCount];
        _sequences = new long[options.QueueCount];
        _capacity = options.QueueCapacity;
        for (var i = 0; i < _queues.Length; i++)
        {
            _queues[i] = Channel.CreateBounded<QueuedStreamEvent>(new BoundedChannelOptions(options.QueueCapacity)
            {
                SingleReader = true,
                FullMode = BoundedChannelFullMode.Wait,
            });
        }
    }

    public int QueueCount => _queues.Length;

    public bool IsShared => false;

    /// <summary>The latest events that went to the dead letters on this silo (at most 1,000), oldest first.</summary>
    public IReadOnlyList<MemoryDeadLetter> DeadLetters
    {
        get
        {
            lock (_deadLetters)
            {
                return [.. _deadLetters];
            }
        }
    }

    public async Task EnqueueAsync(int queueId, StreamId streamId, IReadOnlyList<object?> items, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(items);
        // Subscribers may live on other silos: a value that could not cross the wire fails here, not at delivery.
        var copies = new object?[items.Count];
        for (var i = 0; i < copies.Length; i++)
        {
            if (items[i] is { } item)
            {
                _serializer.EnsureSerializable(item.GetType());
            }

            copies[i] = _copier.Copy(items[i]);
        }

        // A grain turn must not wait for room: the agent that makes room may be waiting for this very grain.
        var insideGrain = SynchronizationContext.Current is ActivationData;
        var writer = _queues[queueId].Writer;
        for (var i = 0; i < copies.Length; i++)
        {
            var queued = new QueuedStreamEvent(streamId, Interlocked.Increment(ref _sequences[queueId]), copies[i]);
            if (writer.TryWrite(queued))
            {
                continue;
            }

            if (_queues[queueId].Reader.Completion.IsCompleted || insideGrain)
            {
                throw Unavailable(queueId, streamId, i, copies.Length, insideGrain);
            }

            try
            {
                await writer.WriteAsync(queued, cancellationToken).ConfigureAwait(false);
            }
            catch (ChannelClosedException)
            {
                throw Unavailable(queueId, streamId, i, copies.Length, insideGrain);
            }
        }
    }

    /// <summary>Closes a queue for good (its silo is stopping): producers are refused, what is queued stays readable.</summary>
    private void Close(int queueId) => _queues[queueId].Writer.TryComplete();

    private StreamQueueUnavailableException Unavailable(int queueId, StreamId streamId, int queued, int total, bool insideGrain)
    {
        var reason = _queues[queueId].Reader.Completion.IsCompleted || !insideGrain
            ? "the silo is stopping and its in-memory queues take no more events"
            : $"the queue is full ({_capacity} events) and a grain turn does not wait for room";
        return new StreamQueueUnavailableException(
            $"In-memory stream provider '{_name}' could not queue the events of {streamId}: {reason}; {queued} of {total} events were queued.");
    }

    public IStreamQueueReceiver CreateReceiver(int queueId) => new Receiver(this, queueId);

    private void AddDeadLetter(QueuedStreamEvent queued, string consumer, string error, int attempts)
    {
        LogDeadLetter(_logger, _name, queued.StreamId, queued.SequenceNumber, consumer, attempts, error);
        lock (_deadLetters)
        {
            if (_deadLetters.Count == KeptDeadLetters)
            {
                _deadLetters.Dequeue();
            }

            _deadLetters.Enqueue(new MemoryDeadLetter(queued.StreamId, queued.SequenceNumber, queued.Item, consumer, error, attempts));
        }
    }

    [LoggerMessage(EventId = EventIds.StreamMemoryDeadLetter, Level = LogLevel.Error,
        Message = "In-memory stream provider {Provider}: event {Sequence} of {StreamId} dropped for {Consumer} after {Attempts} attempts: {Error}")]
    private static partial void LogDeadLetter(ILogger logger, string provider, StreamId streamId, long sequence, string consumer, int attempts, string error);

    private sealed class Receiver(MemoryStreamQueueAdapter adapter, int queueId) : IStreamQueueReceiver
    {
        private readonly ChannelReader<QueuedStreamEvent> _reader = adapter._queues[queueId].Reader;

        public int QueueId => queueId;

        public Task<bool> TryAcquireAsync(IReadOnlyCollection<string>? deadSilos, CancellationToken cancellationToken) => Task.FromResult(true);

        public Task<IReadOnlyList<QueuedStreamEvent>> ReadAsync(int maxCount, CancellationToken cancellationToken)
        {
            List<QueuedStreamEvent>? batch = null;
            while ((batch?.Count ?? 0) < maxCount && _reader.TryRead(out var queued))
            {
                (batch ??= new List<QueuedStreamEvent>(Math.Min(maxCount, _reader.Count + 1))).Add(queued);
            }

            return Task.FromResult<IReadOnlyList<QueuedStreamEvent>>(batch ?? (IReadOnlyList<QueuedStreamEvent>)[]);
        }

        public Task CompleteAsync(IReadOnlyList<QueuedStreamEvent> events, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task DeadLetterAsync(QueuedStreamEvent @event, string consumer, string error, int attempts, CancellationToken cancellationToken)
        {
            adapter.AddDeadLetter(@event, consumer, error, attempts);
            return Task.CompletedTask;
        }

        public async Task WaitForEventsAsync(TimeSpan maxWait, CancellationToken cancellationToken)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(maxWait);
            try
            {
                await _reader.WaitToReadAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Nothing arrived within maxWait.
            }
        }

        public Task ReleaseAsync(CancellationToken cancellationToken)
        {
            adapter.Close(queueId);
            return Task.CompletedTask;
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
