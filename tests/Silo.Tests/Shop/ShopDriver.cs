using System.Collections.Immutable;
using Granary.Grains.Catalog;
using Granary.Grains.Common;
using Granary.Grains.Errors;
using Granary.Grains.Inventory;
using Granary.Grains.Orders;
using Granary.Grains.Payments;
using Granary.Silo.Tests.Hosting;

namespace Granary.Silo.Tests.Shop;

/// <summary>What the tests do to the shop, in the shop's terms.</summary>
public sealed class ShopDriver(IGrainFactory grains)
{
    public IGrainFactory Grains => grains;

    /// <summary>A SKU nobody else uses: tests share one cluster.</summary>
    public static string NewSku(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..Math.Min(64, prefix.Length + 33)];

    public async Task<string> CreateProductAsync(string prefix, int stock, long price = 1_000, string currency = "USD")
    {
        var sku = NewSku(prefix);
        await grains.GetGrain<IProductGrain>(sku).Upsert(new ProductDetails($"Product {prefix}", "A product made by a test.", new Money(price, currency)));
        if (stock > 0)
        {
            await grains.GetGrain<IInventoryGrain>(sku).Restock(stock);
        }

        return sku;
    }

    public static PlaceOrder Order(Guid user, string key, string token, params (string Sku, int Quantity)[] lines)
        => new(user, key, [.. lines.Select(l => new OrderLine(l.Sku, l.Quantity))], token);

    public Task<OrderView> PlaceAsync(PlaceOrder order) => Order(order).Place(order);

    public IOrderGrain Order(PlaceOrder order) => grains.GetGrain<IOrderGrain>(OrderIds.For(order.UserId, order.IdempotencyKey));

    public Task<StockLevel> StockAsync(string sku) => grains.GetGrain<IInventoryGrain>(sku).Get();

    public Task<PaymentView> PaymentAsync(Guid orderId) => grains.GetGrain<IPaymentGrain>(orderId).Get();

    /// <summary>
    /// Places the order as a client would: resends the same request (same idempotency key) after a failure that is
    /// not a refusal, until it is answered. Returns the order as answered.
    /// </summary>
    public async Task<OrderView> PlaceUntilAnsweredAsync(PlaceOrder order)
    {
        var deadline = DateTime.UtcNow + Eventually.DefaultTimeout;
        while (true)
        {
            try
            {
                return await PlaceAsync(order);
            }
            catch (Exception exception) when (exception is not DomainException && DateTime.UtcNow < deadline)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200));
            }
        }
    }

    /// <summary>Waits until the order has left <see cref="OrderStatus.Pending"/>.</summary>
    public async Task<OrderView> FinalAsync(Guid orderId)
    {
        var order = grains.GetGrain<IOrderGrain>(orderId);
        OrderView? view = null;
        await Eventually.SucceedsAsync(async () => (view = await order.Get()) is { Status: not OrderStatus.Pending }, $"order {orderId} to reach a final state");
        return view!;
    }
}
