using Granary.Grains.Errors;
using Granary.Grains.Inventory;
using Granary.Grains.Orders;
using Granary.Grains.Payments;

namespace Granary.Silo.Tests.Shop;

/// <summary>The order saga on three silos over PostgreSQL: concurrency, compensation, idempotency, cancellation.</summary>
[Collection(ShopCollection.Name)]
public sealed class OrderSagaTests(ShopCluster shop)
{
    private readonly ShopDriver _shop = shop.Shop;

    [Fact]
    public async Task Two_hundred_concurrent_buyers_of_fifty_units_confirm_exactly_fifty()
    {
        var sku = await _shop.CreateProductAsync("hot", stock: 50);
        var orders = Enumerable.Range(0, 200).Select(i => ShopDriver.Order(Guid.NewGuid(), $"buy-{i}", PaymentTokens.Ok, (sku, 1))).ToList();

        var views = await Task.WhenAll(orders.Select(_shop.PlaceAsync));

        Assert.Equal(50, views.Count(v => v.Status == OrderStatus.Confirmed));
        Assert.Equal(150, views.Count(v => v.Status == OrderStatus.Rejected));
        Assert.All(views.Where(v => v.Status == OrderStatus.Rejected), v => Assert.Contains("out of stock", v.Reason));
        var stock = await _shop.StockAsync(sku);
        Assert.Equal(new StockLevel(sku, 0, 0), stock);
        var payments = await Task.WhenAll(views.Select(v => _shop.PaymentAsync(v.OrderId)));
        Assert.Equal(50, payments.Count(p => p.Status == PaymentStatus.Captured));
        Assert.Equal(150, payments.Count(p => p.Status == PaymentStatus.None));
    }

    [Fact]
    public async Task A_declined_payment_releases_the_reservation()
    {
        var sku = await _shop.CreateProductAsync("decline", stock: 5);
        var order = ShopDriver.Order(Guid.NewGuid(), "declined", PaymentTokens.Decline, (sku, 3));

        var view = await _shop.PlaceAsync(order);

        Assert.Equal(OrderStatus.PaymentFailed, view.Status);
        Assert.Equal("card declined", view.Reason);
        Assert.Equal(new StockLevel(sku, 5, 0), await _shop.StockAsync(sku));
        Assert.Equal(PaymentStatus.Declined, (await _shop.PaymentAsync(view.OrderId)).Status);

        // The released units are there for the next buyer.
        var next = await _shop.PlaceAsync(ShopDriver.Order(Guid.NewGuid(), "after-decline", PaymentTokens.Ok, (sku, 5)));
        Assert.Equal(OrderStatus.Confirmed, next.Status);
    }

    [Fact]
    public async Task A_repeated_request_returns_the_same_order_and_charges_once()
    {
        var sku = await _shop.CreateProductAsync("repeat", stock: 10, price: 250);
        var user = Guid.NewGuid();
        var order = ShopDriver.Order(user, "checkout-1", PaymentTokens.Ok, (sku, 2));

        var views = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => _shop.PlaceAsync(order)));
        var again = await _shop.PlaceAsync(order with { Items = [.. order.Items] });

        Assert.All(views.Append(again), v => Assert.Equal(views[0].OrderId, v.OrderId));
        Assert.All(views.Append(again), v => Assert.Equal(OrderStatus.Confirmed, v.Status));
        Assert.Equal(500, views[0].Total.Amount);
        Assert.Equal(new StockLevel(sku, 8, 0), await _shop.StockAsync(sku));
        var payment = await _shop.PaymentAsync(views[0].OrderId);
        Assert.Equal(PaymentStatus.Captured, payment.Status);
        Assert.Equal(500, payment.Amount!.Value.Amount);

        var other = ShopDriver.Order(user, "checkout-1", PaymentTokens.Ok, (sku, 3));
        await Assert.ThrowsAsync<IdempotencyConflictException>(() => _shop.PlaceAsync(other));
        Assert.Equal(new StockLevel(sku, 8, 0), await _shop.StockAsync(sku));
    }

    [Fact]
    public async Task An_order_of_several_lines_is_reserved_all_or_nothing()
    {
        var plenty = await _shop.CreateProductAsync("plenty", stock: 100);
        var scarce = await _shop.CreateProductAsync("scarce", stock: 1);

        var view = await _shop.PlaceAsync(ShopDriver.Order(Guid.NewGuid(), "mixed", PaymentTokens.Ok, (plenty, 10), (scarce, 2)));

        Assert.Equal(OrderStatus.Rejected, view.Status);
        Assert.Contains(scarce, view.Reason);
        Assert.Equal(new StockLevel(plenty, 100, 0), await _shop.StockAsync(plenty));
        Assert.Equal(new StockLevel(scarce, 1, 0), await _shop.StockAsync(scarce));
        Assert.Equal(PaymentStatus.None, (await _shop.PaymentAsync(view.OrderId)).Status);
    }

    [Fact]
    public async Task Cancelling_a_confirmed_order_refunds_once_and_returns_the_stock()
    {
        var sku = await _shop.CreateProductAsync("cancel", stock: 4);
        var user = Guid.NewGuid();
        var order = ShopDriver.Order(user, "to-cancel", PaymentTokens.Ok, (sku, 3));
        var placed = await _shop.PlaceAsync(order);
        Assert.Equal(new StockLevel(sku, 1, 0), await _shop.StockAsync(sku));

        await Assert.ThrowsAsync<NotFoundException>(() => _shop.Order(order).Cancel(Guid.NewGuid()));
        var cancelled = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => _shop.Order(order).Cancel(user)));

        Assert.Equal(OrderStatus.Confirmed, placed.Status);
        Assert.All(cancelled, v => Assert.Equal(OrderStatus.Cancelled, v.Status));
        Assert.Equal(new StockLevel(sku, 4, 0), await _shop.StockAsync(sku));
        Assert.Equal(PaymentStatus.Refunded, (await _shop.PaymentAsync(placed.OrderId)).Status);

        var rejected = await _shop.PlaceAsync(ShopDriver.Order(user, "too-many", PaymentTokens.Ok, (sku, 50)));
        Assert.Equal(OrderStatus.Rejected, rejected.Status);
        await Assert.ThrowsAsync<OrderNotCancellableException>(() => _shop.Grains.GetGrain<IOrderGrain>(rejected.OrderId).Cancel(user));
    }

    [Fact]
    public async Task A_slow_payment_keeps_the_order_pending_until_it_answers()
    {
        var sku = await _shop.CreateProductAsync("slow", stock: 3);
        var order = ShopDriver.Order(Guid.NewGuid(), "slow", PaymentTokens.Slow, (sku, 1));

        var placing = _shop.PlaceAsync(order);
        var pending = await Hosting.Eventually.ReturnsAsync(async () => await _shop.Order(order).Get() ?? throw new InvalidOperationException("not yet accepted"), "the order to be accepted");

        Assert.Equal(OrderStatus.Pending, pending.Status);
        Assert.Equal(OrderStatus.Confirmed, (await placing).Status);
        Assert.Equal(new StockLevel(sku, 2, 0), await _shop.StockAsync(sku));
    }
}
