using Granary.Grains.Inventory;
using Granary.Grains.Orders;
using Granary.Grains.Payments;
using Granary.Silo.Tests.Hosting;
using Granary.TestInfrastructure;
using Orleans.TestingHost;

namespace Granary.Silo.Tests.Shop;

/// <summary>Sagas across silo deaths, each test on a three-silo cluster of its own (the shop's PostgreSQL server).</summary>
[Collection(ShopCollection.Name)]
public sealed class SagaFailureTests(ShopCluster shop) : IAsyncLifetime
{
    private const int Units = 50;
    private const long Price = 1_250;
    private TestCluster _cluster = null!;
    private string _database = null!;

    private ShopDriver Shop => new(_cluster.GrainFactory);

    public async Task InitializeAsync()
    {
        _database = await shop.Postgres.CreateDatabaseAsync();
        _cluster = await GranaryTestCluster.StartPostgresAsync(_database, silos: 3, ShopCluster.Settings(sagaDeadline: TimeSpan.FromSeconds(5)));
    }

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task Two_hundred_buyers_with_a_silo_killed_midway_lose_no_order_and_charge_none_twice()
    {
        var sku = await Shop.CreateProductAsync("killed", stock: Units, price: Price);
        var orders = Enumerable.Range(0, 200).Select(i => ShopDriver.Order(Guid.NewGuid(), $"buyer-{i}", PaymentTokens.Ok, (sku, 1))).ToList();
        var answered = 0;
        var killedAfter = new TaskCompletionSource();

        var buying = orders.Select(async order =>
        {
            var view = await Shop.PlaceUntilAnsweredAsync(order);
            if (Interlocked.Increment(ref answered) == 40)
            {
                killedAfter.TrySetResult();
            }

            return view;
        }).ToList();
        await killedAfter.Task.WaitAsync(Eventually.DefaultTimeout);
        await _cluster.KillSiloAsync(_cluster.SecondarySilos[0]);
        await Task.WhenAll(buying);

        // Every buyer's order exists and is final; each is confirmed or fully compensated.
        var finals = await Task.WhenAll(orders.Select(order => Shop.FinalAsync(OrderIds.For(order.UserId, order.IdempotencyKey))));
        var payments = await Task.WhenAll(finals.Select(order => Shop.PaymentAsync(order.OrderId)));
        var confirmed = finals.Count(o => o.Status == OrderStatus.Confirmed);
        var stock = await Shop.StockAsync(sku);
        Assert.True(confirmed > 0, "some orders were confirmed");
        Assert.Equal(Units - confirmed, stock.OnHand);
        Assert.Equal(0, stock.Reserved);
        for (var i = 0; i < finals.Length; i++)
        {
            var expected = finals[i].Status switch
            {
                OrderStatus.Confirmed => [PaymentStatus.Captured],
                OrderStatus.Rejected => [PaymentStatus.None],
                OrderStatus.Cancelled => new[] { PaymentStatus.Voided, PaymentStatus.Refunded },
                var other => throw new Xunit.Sdk.XunitException($"order {finals[i].OrderId} ended {other}"),
            };
            Assert.Contains(payments[i].Status, expected);
        }

        // One charge per confirmed order: the captured money is exactly what was sold.
        Assert.Equal(confirmed * Price, payments.Where(p => p.Status == PaymentStatus.Captured).Sum(p => p.Amount!.Value.Amount));
    }

    [Fact]
    public async Task A_saga_whose_silo_dies_between_charge_and_confirm_is_completed_by_its_reminder()
    {
        var sku = await Shop.CreateProductAsync("orphan", stock: 10, price: Price);
        var order = ShopDriver.Order(Guid.NewGuid(), "orphaned", PaymentTokens.Ok, (sku, 4));
        var orderId = OrderIds.For(order.UserId, order.IdempotencyKey);
        var held = CommitHold.HoldCommitsOf(orderId);

        var placing = Shop.PlaceAsync(order);
        var sagaSilo = await held.WaitAsync(Eventually.DefaultTimeout);
        Assert.Equal(PaymentStatus.Captured, (await Shop.PaymentAsync(orderId)).Status);
        Assert.Equal(OrderStatus.Pending, (await Shop.Order(order).Get())!.Status);

        await _cluster.KillSiloAsync(_cluster.Silos.Single(silo => silo.SiloAddress.Equals(sagaSilo)));
        CommitHold.Lift(orderId);
        await Assert.ThrowsAnyAsync<Exception>(() => placing);

        var final = await Shop.FinalAsync(orderId);
        Assert.Equal(OrderStatus.Confirmed, final.Status);
        var payment = await Shop.PaymentAsync(orderId);
        Assert.Equal(PaymentStatus.Captured, payment.Status);
        Assert.Equal(4 * Price, payment.Amount!.Value.Amount);
        Assert.Equal(new StockLevel(sku, 6, 0), await Shop.StockAsync(sku));
    }

    [Fact]
    public async Task Events_that_could_not_be_published_are_published_once_the_stream_store_is_back()
    {
        var sku = await Shop.CreateProductAsync("outbox", stock: 5, price: Price);
        var user = Guid.NewGuid();
        // The queue table gone: every publication fails, while grain state is still written.
        await ThrowawayPostgres.ExecuteAsync(_database, "ALTER TABLE granary_stream_events RENAME TO granary_stream_events_away", CancellationToken.None);
        OrderView placed;
        try
        {
            placed = await Shop.PlaceAsync(ShopDriver.Order(user, "while-down", PaymentTokens.Ok, (sku, 2)));
        }
        finally
        {
            await ThrowawayPostgres.ExecuteAsync(_database, "ALTER TABLE granary_stream_events_away RENAME TO granary_stream_events", CancellationToken.None);
        }

        Assert.Equal(OrderStatus.Confirmed, placed.Status);
        var history = _cluster.GrainFactory.GetGrain<IUserOrdersGrain>(user);
        await Eventually.SucceedsAsync(async () => (await history.List()) is [{ Status: OrderStatus.Confirmed } listed] && listed.Version == placed.Version,
            "the order's events, kept in its outbox, to reach the order history");
        var notifications = _cluster.GrainFactory.GetGrain<Granary.Grains.Notifications.IUserNotificationsGrain>(user);
        await Eventually.SucceedsAsync(async () => (await notifications.List()).Length == 1, "the confirmation notification");
    }
}
