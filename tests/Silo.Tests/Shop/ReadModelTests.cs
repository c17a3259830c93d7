using Granary.Grains.Catalog;
using Granary.Grains.Common;
using Granary.Grains.Events;
using Granary.Grains.Notifications;
using Granary.Grains.Orders;
using Granary.Grains.Payments;
using Granary.Grains.Streams;
using Granary.Silo.Tests.Hosting;
using Orleans.Streams;

namespace Granary.Silo.Tests.Shop;

/// <summary>Read models fed by stream events converge to the grains' truth, whatever the order and repetition of deliveries.</summary>
[Collection(ShopCollection.Name)]
public sealed class ReadModelTests(ShopCluster shop)
{
    private readonly ShopDriver _shop = shop.Shop;
    private readonly IStreamProvider _streams = shop.Cluster.Client.GetStreamProvider(StreamProvider.Name);

    [Fact]
    public async Task A_users_order_history_and_notifications_follow_their_orders()
    {
        var sku = await _shop.CreateProductAsync("history", stock: 2);
        var user = Guid.NewGuid();
        var confirmed = await _shop.PlaceAsync(ShopDriver.Order(user, "first", PaymentTokens.Ok, (sku, 1)));
        var declined = await _shop.PlaceAsync(ShopDriver.Order(user, "second", PaymentTokens.Decline, (sku, 1)));
        var rejected = await _shop.PlaceAsync(ShopDriver.Order(user, "third", PaymentTokens.Ok, (sku, 5)));
        var cancelled = await _shop.Grains.GetGrain<IOrderGrain>(confirmed.OrderId).Cancel(user);
        var truth = new[] { cancelled, declined, rejected };

        var history = _shop.Grains.GetGrain<IUserOrdersGrain>(user);
        await Eventually.SucceedsAsync(async () => (await history.List()).OrderBy(o => o.OrderId).SequenceEqual(truth.OrderBy(o => o.OrderId), OrderViewComparer.Instance),
            "the order history to show every order as the order grains have it");
        var listed = await history.List();
        Assert.Equal(listed.OrderByDescending(o => o.CreatedAt), listed);

        var notifications = _shop.Grains.GetGrain<IUserNotificationsGrain>(user);
        await Eventually.SucceedsAsync(async () => (await notifications.List()).Length == 5, "five notifications");
        var kinds = (await notifications.List()).Select(n => n.Kind).Order().ToArray();
        Assert.Equal(["order-cancelled", "order-confirmed", "order-rejected", "payment-failed", "payment-refunded"], kinds);
    }

    [Fact]
    public async Task Duplicated_and_reordered_order_events_leave_the_latest_state()
    {
        var user = Guid.NewGuid();
        var orderId = Guid.NewGuid();
        var at = DateTimeOffset.UtcNow;
        OrderView Version(OrderStatus status, long version) => new(orderId, user, status, [new OrderItem("SKU-1", 1, new Money(100, "EUR"))],
            new Money(100, "EUR"), at, at.AddSeconds(version), null, version);
        var placed = Stamp(new OrderPlaced(Version(OrderStatus.Pending, 1)), 1, at);
        var confirmed = Stamp(new OrderConfirmed(Version(OrderStatus.Confirmed, 3)), 3, at.AddSeconds(3));
        var refunded = Stamp(new PaymentRefunded(orderId, user, new Money(100, "EUR"), "pay_1"), 2, at.AddSeconds(5));
        var cancelled = Stamp(new OrderCancelled(Version(OrderStatus.Cancelled, 6)), 6, at.AddSeconds(6));
        var stream = _streams.GetStream<ShopEvent>(StreamId.Create(ShopStreams.UserEvents, user));

        foreach (var @event in new ShopEvent[] { cancelled, placed, refunded, confirmed, cancelled, confirmed, placed, refunded })
        {
            await stream.OnNextAsync(@event);
        }

        var history = _shop.Grains.GetGrain<IUserOrdersGrain>(user);
        var notifications = _shop.Grains.GetGrain<IUserNotificationsGrain>(user);
        await Eventually.SucceedsAsync(async () => (await notifications.List()).Length == 3, "three distinct notifications");
        // A marker published last on the same stream: once it is seen, every earlier delivery has been handled.
        var marker = Stamp(new OrderPlaced(Version(OrderStatus.Pending, 1) with { OrderId = Guid.NewGuid() }), 1, at);
        await stream.OnNextAsync(marker);
        await Eventually.SucceedsAsync(async () => (await history.List()).Length == 2, "the marker order");

        var order = Assert.Single(await history.List(), o => o.OrderId == orderId);
        Assert.Equal(OrderStatus.Cancelled, order.Status);
        Assert.Equal(6, order.Version);
        Assert.Equal(["order-cancelled", "payment-refunded", "order-confirmed"], (await notifications.List()).Select(n => n.Kind));
    }

    [Fact]
    public async Task The_catalog_listing_keeps_the_latest_product_version_and_hides_discontinued_ones()
    {
        var word = $"zq{Guid.NewGuid():N}"[..12];
        var sku = ShopDriver.NewSku("listed");
        var product = _shop.Grains.GetGrain<IProductGrain>(sku);
        var first = await product.Upsert(new ProductDetails($"Lamp {word}", "Old text", new Money(1_500, "USD")));
        var second = await product.Upsert(new ProductDetails($"Lamp {word} deluxe", "New text", new Money(1_900, "USD")));
        var other = await _shop.CreateProductAsync("listed-other", stock: 4);
        await _shop.Grains.GetGrain<IProductGrain>(other).Upsert(new ProductDetails($"Shade for the {word.ToUpperInvariant()} lamp", "", new Money(500, "USD")));
        var catalog = _shop.Grains.GetGrain<ICatalogGrain>(0);

        await Eventually.SucceedsAsync(async () => (await catalog.Search(new CatalogQuery(word, 1, 10))) is { Total: 2 } page
            && page.Items[0].Name.EndsWith("deluxe", StringComparison.Ordinal), "both products, the lamp at its latest version");

        // The first version delivered again, late: the listing stays at the second.
        await _streams.GetStream<ShopEvent>(StreamId.Create(ShopStreams.Catalog, ShopStreams.CatalogPartition(sku)))
            .OnNextAsync(Stamp(new ProductChanged(first.Product), first.Product.Version, first.Product.UpdatedAt));
        await _shop.Grains.GetGrain<IProductGrain>(other).Discontinue();
        await Eventually.SucceedsAsync(async () => (await catalog.Search(new CatalogQuery(word, 1, 10))).Total == 1, "the discontinued product to leave the listing");

        var page = await catalog.Search(new CatalogQuery(word.ToUpperInvariant(), 1, 10));
        var item = Assert.Single(page.Items);
        Assert.Equal(new CatalogItem(sku, second.Product.Name, "New text", new Money(1_900, "USD"), 0), item);
        var secondPage = await catalog.Search(new CatalogQuery(word, 2, 10));
        Assert.Empty(secondPage.Items);
        Assert.Equal(1, secondPage.Total);
    }

    private static T Stamp<T>(T @event, long version, DateTimeOffset at) where T : ShopEvent
        => @event with { EventId = Guid.NewGuid(), SourceVersion = version, At = at };

    private sealed class OrderViewComparer : IEqualityComparer<OrderView>
    {
        public static readonly OrderViewComparer Instance = new();

        public bool Equals(OrderView? x, OrderView? y)
            => x is not null && y is not null && x.OrderId == y.OrderId && x.Status == y.Status && x.Version == y.Version && x.Items.SequenceEqual(y.Items);

        public int GetHashCode(OrderView obj) => obj.OrderId.GetHashCode();
    }
}
