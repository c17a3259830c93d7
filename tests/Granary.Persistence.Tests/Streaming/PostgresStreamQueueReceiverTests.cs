using System.Diagnostics;
using Granary.Streaming.Queues;
using Granary.Streams;
using Granary.TestInfrastructure;
using Granary.Testing;
using Npgsql;

namespace Granary.Persistence.Tests.Streaming;

[Collection(PostgresCollection.Name)]
public sealed class PostgresStreamQueueReceiverTests(PostgresServer server)
{
    private const string SiloA = "10.0.0.1:11111@1";
    private const string SiloB = "10.0.0.2:11111@1";
    private static readonly TimeSpan NoHang = TimeSpan.FromSeconds(60);
    private static readonly StreamId Orders = StreamId.Create("orders", "o-1");

    [Fact]
    public async Task Only_one_of_two_live_silos_acquires_a_queue_and_renewing_keeps_its_epoch()
    {
        await using var a = await StreamQueueHost.StartAsync(server.ConnectionString, siloAddress: SiloA);
        await using var b = await a.StartPeerAsync(server.ConnectionString, SiloB);
        await using var receiverA = a.Adapter.CreateReceiver(0);
        await using var receiverB = b.Adapter.CreateReceiver(0);
        string[] noneDead = [];

        var results = await Task.WhenAll(
            receiverA.TryAcquireAsync(noneDead, CancellationToken.None),
            receiverB.TryAcquireAsync(noneDead, CancellationToken.None));
        Assert.Equal(1, results.Count(acquired => acquired));
        var (holder, other) = results[0] ? (receiverA, receiverB) : (receiverB, receiverA);
        var (epoch, expiresAt) = await LeaseAsync(a.ProviderName, 0);

        Assert.True(await holder.TryAcquireAsync(noneDead, CancellationToken.None));
        var (renewedEpoch, renewedExpiresAt) = await LeaseAsync(a.ProviderName, 0);
        Assert.False(await other.TryAcquireAsync(noneDead, CancellationToken.None));

        Assert.Equal(epoch, renewedEpoch);
        Assert.True(renewedExpiresAt > expiresAt, $"renewal moved expires_at from {expiresAt:O} to {renewedExpiresAt:O}");
        Assert.Equal(results[0] ? SiloA : SiloB, await OwnerAsync(a.ProviderName, 0));
    }

    [Fact]
    public async Task Leases_are_per_queue()
    {
        await using var a = await StreamQueueHost.StartAsync(server.ConnectionString, siloAddress: SiloA);
        await using var b = await a.StartPeerAsync(server.ConnectionString, SiloB);
        await using var queue0 = a.Adapter.CreateReceiver(0);
        await using var queue1 = b.Adapter.CreateReceiver(1);

        Assert.True(await queue0.TryAcquireAsync([], CancellationToken.None));
        Assert.True(await queue1.TryAcquireAsync([], CancellationToken.None));
    }

    [Fact]
    public async Task An_expired_lease_is_taken_over_and_the_old_owner_is_fenced()
    {
        // A takes short leases; B's are long, so B keeps the queue for the rest of the test.
        await using var a = await StreamQueueHost.StartAsync(
            server.ConnectionString, siloAddress: SiloA, configure: options => options.LeaseDuration = TimeSpan.FromMilliseconds(500));
        await using var b = await a.StartPeerAsync(server.ConnectionString, SiloB);
        await a.Adapter.EnqueueAsync(0, Orders, ["e1", "e2"], CancellationToken.None);
        await using var oldOwner = a.Adapter.CreateReceiver(0);
        await using var newOwner = b.Adapter.CreateReceiver(0);
        string[] noneDead = [];
        Assert.True(await oldOwner.TryAcquireAsync(noneDead, CancellationToken.None));
        var (oldEpoch, _) = await LeaseAsync(a.ProviderName, 0);
        var batch = await oldOwner.ReadAsync(10, CancellationToken.None);

        // A is still in the active list, but stopped renewing: B gets the queue once the lease has expired.
        await Eventually.WaitUntilAsync(() => newOwner.TryAcquireAsync(noneDead, CancellationToken.None), "B takes the expired lease");

        var lost = await Assert.ThrowsAsync<StreamQueueLeaseLostException>(() => oldOwner.CompleteAsync(batch, CancellationToken.None));
        Assert.Contains(SiloA, lost.Message, StringComparison.Ordinal);
        Assert.Equal(2L, await a.CountEventsAsync(server.ConnectionString));
        Assert.Equal((oldEpoch + 1, SiloB), ((await LeaseAsync(a.ProviderName, 0)).Epoch, await OwnerAsync(a.ProviderName, 0)));

        // The new owner reads the same events again (at-least-once) and checkpoints them.
        var redelivered = await newOwner.ReadAsync(10, CancellationToken.None);
        Assert.Equal(batch.Select(e => e.SequenceNumber), redelivered.Select(e => e.SequenceNumber));
        await newOwner.CompleteAsync(redelivered, CancellationToken.None);
        Assert.Equal(0L, await a.CountEventsAsync(server.ConnectionString));

        // The fenced receiver cannot come back by renewing: it would need to take the lease, and B holds it.
        Assert.False(await oldOwner.TryAcquireAsync(noneDead, CancellationToken.None));
    }

    [Fact]
    public async Task A_lease_held_by_a_silo_membership_declared_dead_is_taken_at_once()
    {
        await using var a = await StreamQueueHost.StartAsync(server.ConnectionString, siloAddress: SiloA);
        await using var b = await a.StartPeerAsync(server.ConnectionString, SiloB);
        await a.Adapter.EnqueueAsync(1, Orders, ["e1"], CancellationToken.None);
        await using var dead = a.Adapter.CreateReceiver(1);
        await using var survivor = b.Adapter.CreateReceiver(1);
        Assert.True(await dead.TryAcquireAsync([], CancellationToken.None));
        var (epoch, _) = await LeaseAsync(a.ProviderName, 1);
        var batch = await dead.ReadAsync(10, CancellationToken.None);

        Assert.False(await survivor.TryAcquireAsync([], CancellationToken.None));
        Assert.True(await survivor.TryAcquireAsync([SiloA], CancellationToken.None));

        Assert.Equal(epoch + 1, (await LeaseAsync(a.ProviderName, 1)).Epoch);
        await Assert.ThrowsAsync<StreamQueueLeaseLostException>(() => dead.CompleteAsync(batch, CancellationToken.None));
        Assert.Equal(1L, await a.CountEventsAsync(server.ConnectionString));
    }

    [Fact]
    public async Task A_released_lease_is_taken_at_once_by_another_silo_and_the_releaser_can_no_longer_complete()
    {
        await using var a = await StreamQueueHost.StartAsync(server.ConnectionString, siloAddress: SiloA);
        await using var b = await a.StartPeerAsync(server.ConnectionString, SiloB);
        await a.Adapter.EnqueueAsync(2, Orders, ["e1"], CancellationToken.None);
        await using var leaving = a.Adapter.CreateReceiver(2);
        await using var joining = b.Adapter.CreateReceiver(2);
        string[] noneDead = [];
        Assert.True(await leaving.TryAcquireAsync(noneDead, CancellationToken.None));
        var batch = await leaving.ReadAsync(10, CancellationToken.None);

        await leaving.ReleaseAsync(CancellationToken.None);

        Assert.Null(await OwnerAsync(a.ProviderName, 2));
        await Assert.ThrowsAsync<StreamQueueLeaseLostException>(() => leaving.CompleteAsync(batch, CancellationToken.None));
        Assert.True(await joining.TryAcquireAsync(noneDead, CancellationToken.None));
        Assert.Equal(SiloB, await OwnerAsync(a.ProviderName, 2));
        await leaving.ReleaseAsync(CancellationToken.None);
        Assert.Equal(SiloB, await OwnerAsync(a.ProviderName, 2));
    }

    [Fact]
    public async Task A_new_receiver_of_the_same_silo_takes_the_lease_with_a_new_epoch_and_the_old_ones_release_and_checkpoint_change_nothing()
    {
        await using var a = await StreamQueueHost.StartAsync(server.ConnectionString, siloAddress: SiloA);
        await a.Adapter.EnqueueAsync(3, Orders, ["e1"], CancellationToken.None);
        await using var first = a.Adapter.CreateReceiver(3);
        Assert.True(await first.TryAcquireAsync([], CancellationToken.None));
        var batch = await first.ReadAsync(10, CancellationToken.None);

        await using var second = a.Adapter.CreateReceiver(3);
        Assert.True(await second.TryAcquireAsync([], CancellationToken.None));

        // The old receiver's goodbye must not free the lease the new one holds under the same silo name.
        await first.ReleaseAsync(CancellationToken.None);
        Assert.Equal(SiloA, await OwnerAsync(a.ProviderName, 3));

        await Assert.ThrowsAsync<StreamQueueLeaseLostException>(() => first.CompleteAsync(batch, CancellationToken.None));
        await second.CompleteAsync(batch, CancellationToken.None);
        Assert.Equal(0L, await a.CountEventsAsync(server.ConnectionString));
    }

    [Fact]
    public async Task Complete_removes_exactly_the_given_events()
    {
        await using var host = await StreamQueueHost.StartAsync(server.ConnectionString, siloAddress: SiloA);
        await host.Adapter.EnqueueAsync(0, Orders, [1, 2, 3, 4, 5], CancellationToken.None);
        await host.Adapter.EnqueueAsync(1, Orders, [100], CancellationToken.None);
        await using var receiver = host.Adapter.CreateReceiver(0);
        Assert.True(await receiver.TryAcquireAsync([], CancellationToken.None));
        var all = await receiver.ReadAsync(10, CancellationToken.None);

        await receiver.CompleteAsync([all[1], all[3]], CancellationToken.None);
        await receiver.CompleteAsync([all[1]], CancellationToken.None);
        await receiver.CompleteAsync([], CancellationToken.None);

        Assert.Equal([1, 3, 5], (await receiver.ReadAsync(10, CancellationToken.None)).Select(e => (int)e.Item!));
        Assert.Equal(4L, await host.CountEventsAsync(server.ConnectionString));
    }

    [Fact]
    public async Task Complete_without_ever_holding_the_lease_fails_and_deletes_nothing()
    {
        await using var host = await StreamQueueHost.StartAsync(server.ConnectionString, siloAddress: SiloA);
        await host.Adapter.EnqueueAsync(0, Orders, [1], CancellationToken.None);
        await using var receiver = host.Adapter.CreateReceiver(0);
        var batch = await receiver.ReadAsync(10, CancellationToken.None);

        await Assert.ThrowsAsync<StreamQueueLeaseLostException>(() => receiver.CompleteAsync(batch, CancellationToken.None));

        Assert.Equal(1L, await host.CountEventsAsync(server.ConnectionString));
    }

    [Fact]
    public async Task A_dead_letter_is_recorded_once_per_event_and_consumer_with_its_error_and_payload()
    {
        await using var a = await StreamQueueHost.StartAsync(server.ConnectionString, siloAddress: SiloA);
        await using var b = await a.StartPeerAsync(server.ConnectionString, SiloB);
        await a.Adapter.EnqueueAsync(0, Orders, [new OrderPlaced("poison", 13), new OrderPlaced("fine", 1)], CancellationToken.None);
        await using var first = a.Adapter.CreateReceiver(0);
        Assert.True(await first.TryAcquireAsync([], CancellationToken.None));
        var poison = (await first.ReadAsync(10, CancellationToken.None))[0];

        await first.DeadLetterAsync(poison, "shop/billing", "InvalidOperationException: card declined", 5, CancellationToken.None);
        await first.DeadLetterAsync(poison, "shop/billing", "InvalidOperationException: declined again", 5, CancellationToken.None);
        await first.DeadLetterAsync(poison, "shop/audit", "TimeoutException: slow", 3, CancellationToken.None);

        // After a takeover the new owner re-delivers the same event and dead-letters it again: still one row.
        await using var second = b.Adapter.CreateReceiver(0);
        Assert.True(await second.TryAcquireAsync([SiloA], CancellationToken.None));
        var again = (await second.ReadAsync(10, CancellationToken.None))[0];
        await second.DeadLetterAsync(again, "shop/billing", "InvalidOperationException: third time", 5, CancellationToken.None);
        await second.CompleteAsync([again], CancellationToken.None);

        // Recording needs the payload only once: an event already completed elsewhere is still recorded from the read bytes.
        await first.DeadLetterAsync(poison, "shop/late", "late", 1, CancellationToken.None);

        await using var connection = new NpgsqlConnection(server.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            SELECT consumer, error, attempts, seq, stream_namespace, stream_key, payload FROM granary_stream_dead_letters
            WHERE provider = @provider ORDER BY consumer
            """,
            connection);
        command.Parameters.AddWithValue("provider", a.ProviderName);
        var rows = new List<(string Consumer, string Error, int Attempts, long Seq, string Namespace, string Key, byte[] Payload)>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                rows.Add((reader.GetString(0), reader.GetString(1), reader.GetInt32(2), reader.GetInt64(3), reader.GetString(4), reader.GetString(5), (byte[])reader[6]));
            }
        }

        Assert.Equal(["shop/audit", "shop/billing", "shop/late"], rows.Select(r => r.Consumer));
        var billing = rows[1];
        Assert.Equal(("InvalidOperationException: card declined", 5, poison.SequenceNumber, "orders", Orders.Key), (billing.Error, billing.Attempts, billing.Seq, billing.Namespace, billing.Key));
        Assert.Equal(new OrderPlaced("poison", 13), StreamQueueHost.CreateSerializer().Deserialize<object>(billing.Payload));
        Assert.Equal(billing.Payload, rows[2].Payload);
    }

    [Fact]
    public async Task An_event_that_cannot_be_decoded_comes_back_with_a_decode_error_and_the_queue_goes_on()
    {
        await using var producer = await StreamQueueHost.StartAsync(server.ConnectionString, siloAddress: SiloA);
        await producer.Adapter.EnqueueAsync(0, Orders, ["before"], CancellationToken.None);
        await StreamQueueHost.ScalarAsync<int>(
            server.ConnectionString,
            """
            INSERT INTO granary_stream_events (provider, queue_id, stream_namespace, stream_key, payload)
            VALUES (@provider, 0, 'orders', 'o-1', '\x09ff'::bytea) RETURNING 1
            """,
            ("provider", producer.ProviderName));
        await producer.Adapter.EnqueueAsync(0, Orders, [new OrderPlaced("o1", 5), "after"], CancellationToken.None);

        // This silo runs without the test types' codecs (an older build): OrderPlaced cannot be read here.
        await using var consumer = await StreamQueueHost.StartAsync(
            server.ConnectionString, producer.ProviderName, SiloB, serializer: StreamQueueHost.CreateSerializer(withTestTypes: false));
        await using var receiver = consumer.Adapter.CreateReceiver(0);
        var events = await receiver.ReadAsync(10, CancellationToken.None);

        Assert.Equal(4, events.Count);
        Assert.Equal("before", events[0].Item);
        Assert.Null(events[0].DecodeError);
        Assert.Null(events[1].Item);
        Assert.Contains("version 9", events[1].DecodeError, StringComparison.Ordinal);
        Assert.Null(events[2].Item);
        Assert.Contains("OrderPlaced", events[2].DecodeError, StringComparison.Ordinal);
        Assert.Equal(Orders, events[2].StreamId);
        Assert.Equal("after", events[3].Item);

        // Like any event, an undecodable one can be dead-lettered (with its raw bytes) and completed.
        Assert.True(await receiver.TryAcquireAsync([], CancellationToken.None));
        await receiver.DeadLetterAsync(events[1], "(undecodable)", events[1].DecodeError!, 1, CancellationToken.None);
        await receiver.CompleteAsync(events, CancellationToken.None);
        Assert.Equal(
            new byte[] { 0x09, 0xff },
            await StreamQueueHost.ScalarAsync<byte[]>(
                server.ConnectionString, "SELECT payload FROM granary_stream_dead_letters WHERE provider = @provider", ("provider", producer.ProviderName)));
    }

    [Fact]
    public async Task A_waiting_receiver_wakes_when_another_silo_enqueues_to_its_queue()
    {
        await using var producer = await StreamQueueHost.StartAsync(server.ConnectionString, siloAddress: SiloA);
        await using var consumer = await producer.StartPeerAsync(server.ConnectionString, SiloB);
        await using var receiver = consumer.Adapter.CreateReceiver(2);
        await PostgresStreamQueueAdapterTests.WaitUntilListeningAsync(server.ConnectionString, consumer.ProviderName);

        for (var round = 0; round < 3; round++)
        {
            Assert.Empty(await receiver.ReadAsync(10, CancellationToken.None));
            var clock = Stopwatch.StartNew();
            var waiting = receiver.WaitForEventsAsync(TimeSpan.FromMinutes(5), CancellationToken.None);
            await producer.Adapter.EnqueueAsync(2, Orders, [round], CancellationToken.None);
            await waiting.WaitAsync(NoHang);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"woke after {clock.Elapsed}");

            Assert.True(await receiver.TryAcquireAsync([], CancellationToken.None));
            var read = await receiver.ReadAsync(10, CancellationToken.None);
            Assert.Equal([round], read.Select(e => (int)e.Item!));
            await receiver.CompleteAsync(read, CancellationToken.None);
        }
    }

    [Fact]
    public async Task A_notification_that_arrives_during_a_read_is_not_lost_and_an_idle_wait_ends_at_max_wait()
    {
        await using var host = await StreamQueueHost.StartAsync(server.ConnectionString, siloAddress: SiloA);
        await using var receiver = host.Adapter.CreateReceiver(3);
        await PostgresStreamQueueAdapterTests.WaitUntilListeningAsync(server.ConnectionString, host.ProviderName);
        Assert.Empty(await receiver.ReadAsync(10, CancellationToken.None));

        // Enqueued after the read: the wait that follows returns at once, however long it may be.
        await host.Adapter.EnqueueAsync(3, Orders, [1], CancellationToken.None);
        await receiver.WaitForEventsAsync(TimeSpan.FromMinutes(5), CancellationToken.None).WaitAsync(NoHang);

        Assert.Single(await receiver.ReadAsync(10, CancellationToken.None));

        // A queue that stays empty: the wait ends by its time limit; another queue's events do not end it.
        await using var idle = host.Adapter.CreateReceiver(1);
        Assert.Empty(await idle.ReadAsync(10, CancellationToken.None));
        var clock = Stopwatch.StartNew();
        await host.Adapter.EnqueueAsync(0, Orders, [2], CancellationToken.None);
        await idle.WaitForEventsAsync(TimeSpan.FromMilliseconds(300), CancellationToken.None).WaitAsync(NoHang);
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(250), $"returned after {clock.Elapsed}");

        using var cancelled = new CancellationTokenSource();
        var waiting = idle.WaitForEventsAsync(TimeSpan.FromMinutes(5), cancelled.Token);
        await cancelled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(NoHang));
    }

    private async Task<(long Epoch, DateTimeOffset ExpiresAt)> LeaseAsync(string provider, int queueId)
    {
        await using var connection = new NpgsqlConnection(server.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT epoch, expires_at FROM granary_stream_leases WHERE provider = @provider AND queue_id = @queue", connection);
        command.Parameters.AddWithValue("provider", provider);
        command.Parameters.AddWithValue("queue", queueId);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), "the lease row exists");
        return (reader.GetInt64(0), reader.GetFieldValue<DateTimeOffset>(1));
    }

    private async Task<string?> OwnerAsync(string provider, int queueId)
    {
        var owner = await StreamQueueHost.ScalarAsync<object>(
            server.ConnectionString,
            "SELECT owner FROM granary_stream_leases WHERE provider = @provider AND queue_id = @queue",
            ("provider", provider),
            ("queue", queueId));
        return owner as string;
    }
}
