using Granary.Extensions.Streaming;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Streams;

namespace Granary.Extensions.Tests.Streaming;

/// <summary>
/// The receiver answers the pulling agent's re-read right after a short read without a query (the queue was just
/// drained), reads again at the next poll, and keeps querying after full reads.
/// </summary>
public sealed class RelationalQueueAdapterReceiverTests : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddSerializer().BuildServiceProvider();

    [Fact]
    public async Task A_short_read_ends_the_poll_without_a_second_query_and_the_next_poll_reads_again()
    {
        var options = new RelationalStreamOptions { ReadBatchSize = 4, PollInterval = TimeSpan.FromMilliseconds(400) };
        var store = new ListStore(options, _services.GetRequiredService<Serializer<RelationalBatchContainer>>(), rows: 6);
        var receiver = new RelationalQueueAdapterReceiver(QueueId.GetQueueId("test", 0, 0), store, options, store.Serializer, NullLogger<RelationalQueueAdapterReceiver>.Instance);

        Assert.Equal(4, (await receiver.GetQueueMessagesAsync(100, CancellationToken.None)).Count); // full: more may wait
        Assert.Equal(2, (await receiver.GetQueueMessagesAsync(100, CancellationToken.None)).Count); // short: drained
        Assert.Empty(await receiver.GetQueueMessagesAsync(100, CancellationToken.None));
        Assert.Equal(2, store.Reads);

        store.Add(3);
        await Task.Delay(options.PollInterval);
        Assert.Equal(3, (await receiver.GetQueueMessagesAsync(100, CancellationToken.None)).Count);
        Assert.Equal(3, store.Reads);
        Assert.Equal([1L, 2, 3, 4, 5, 6, 7, 8, 9], store.Handed);
    }

    public void Dispose() => _services.Dispose();

    private sealed class ListStore : RelationalStreamStore
    {
        private readonly List<StoredStreamRow> _rows = [];

        public ListStore(RelationalStreamOptions options, Serializer<RelationalBatchContainer> serializer, int rows)
            : base("test", options)
        {
            Serializer = serializer;
            Add(rows);
        }

        public Serializer<RelationalBatchContainer> Serializer { get; }

        public int Reads { get; private set; }

        public List<long> Handed { get; } = [];

        public void Add(int count)
        {
            for (var i = 0; i < count; i++)
            {
                var batch = new RelationalBatchContainer(StreamId.Create("ns", "key"), [i], null);
                _rows.Add(new StoredStreamRow(_rows.Count + 1, Serializer.SerializeToArray(batch)));
            }
        }

        public override Task<IReadOnlyList<StoredStreamRow>> ReadAsync(long queue, long afterId, int maxCount, CancellationToken cancellationToken)
        {
            Reads++;
            var rows = _rows.Where(r => r.Id > afterId).Take(maxCount).ToList();
            Handed.AddRange(rows.Select(r => r.Id));
            return Task.FromResult<IReadOnlyList<StoredStreamRow>>(rows);
        }

        public override Task<long?> FindQueueAtOrBeyondAsync(int queueCount, CancellationToken cancellationToken) => Task.FromResult<long?>(null);

        public override Task DeleteAsync(long queue, IReadOnlyList<long> ids, CancellationToken cancellationToken) => Task.CompletedTask;

        public override Task DeadLetterAsync(DeadLetterRow row, CancellationToken cancellationToken) => Task.CompletedTask;

        protected override Task InsertAsync(IReadOnlyList<PendingStreamRow> rows, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
