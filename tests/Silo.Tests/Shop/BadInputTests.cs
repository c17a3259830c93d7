using Granary.Grains.Catalog;
using Granary.Grains.Common;
using Granary.Grains.Errors;
using Granary.Grains.Inventory;
using Granary.Grains.Orders;
using Granary.Grains.Payments;

namespace Granary.Silo.Tests.Shop;

/// <summary>Bad input is refused with a typed domain error, across the wire, and changes nothing.</summary>
[Collection(ShopCollection.Name)]
public sealed class BadInputTests(ShopCluster shop)
{
    private readonly ShopDriver _shop = shop.Shop;

    public static TheoryData<string, int, int> BadLines => new()
    {
        { "zero quantity", 1, 0 },
        { "negative quantity", 1, -3 },
        { "quantity above 1000", 1, 1001 },
        { "more than 100 lines", 101, 1 },
        { "no lines", 0, 1 },
    };

    [Theory]
    [MemberData(nameof(BadLines))]
    public async Task Orders_with_bad_lines_are_refused_and_change_nothing(string why, int lines, int quantity)
    {
        var sku = await _shop.CreateProductAsync("bad-lines", stock: 10);
        var order = new PlaceOrder(Guid.NewGuid(), $"bad-{why}", [.. Enumerable.Repeat(new OrderLine(sku, quantity), lines)], PaymentTokens.Ok);

        var error = await Assert.ThrowsAsync<ValidationFailedException>(() => _shop.PlaceAsync(order));

        Assert.Equal(DomainErrorKind.Invalid, error.Kind);
        Assert.NotEmpty(error.Errors);
        await AssertUntouchedAsync(order, sku, 10);
    }

    [Fact]
    public async Task Orders_naming_unknown_or_discontinued_products_or_mixed_currencies_are_refused()
    {
        var sku = await _shop.CreateProductAsync("known", stock: 10);
        var gone = await _shop.CreateProductAsync("gone", stock: 10);
        await _shop.Grains.GetGrain<IProductGrain>(gone).Discontinue();
        var euro = await _shop.CreateProductAsync("euro", stock: 10, currency: "EUR");
        var unknown = ShopDriver.NewSku("unknown");

        var unknownOrder = ShopDriver.Order(Guid.NewGuid(), "unknown", PaymentTokens.Ok, (sku, 1), (unknown, 1));
        var unknownError = await Assert.ThrowsAsync<UnknownSkuException>(() => _shop.PlaceAsync(unknownOrder));
        Assert.Equal([unknown], unknownError.Skus);
        Assert.Equal(DomainErrorKind.Unprocessable, unknownError.Kind);

        var goneOrder = ShopDriver.Order(Guid.NewGuid(), "gone", PaymentTokens.Ok, (gone, 1));
        await Assert.ThrowsAsync<ProductDiscontinuedException>(() => _shop.PlaceAsync(goneOrder));

        var mixedOrder = ShopDriver.Order(Guid.NewGuid(), "mixed", PaymentTokens.Ok, (sku, 1), (euro, 1));
        await Assert.ThrowsAsync<CurrencyMismatchException>(() => _shop.PlaceAsync(mixedOrder));

        await AssertUntouchedAsync(unknownOrder, sku, 10);
        await AssertUntouchedAsync(goneOrder, gone, 10);
        await AssertUntouchedAsync(mixedOrder, euro, 10);
        // A discontinued product refuses reservations too (an order accepted just before the product was withdrawn).
        Assert.Equal(ReservationOutcome.Discontinued, await _shop.Grains.GetGrain<IInventoryGrain>(gone).Reserve(Guid.NewGuid(), 1));
    }

    [Fact]
    public async Task Bad_products_and_restocks_are_refused_and_change_nothing()
    {
        var sku = await _shop.CreateProductAsync("valid", stock: 3, price: 700);
        var product = _shop.Grains.GetGrain<IProductGrain>(sku);

        var error = await Assert.ThrowsAsync<ValidationFailedException>(() => product.Upsert(new ProductDetails(new string('n', 201), "", new Money(0, "usd"))));
        Assert.Equal(["name", "price.amount", "price.currency"], error.Errors.Keys.Order());
        await Assert.ThrowsAsync<ValidationFailedException>(() => product.Upsert(new ProductDetails("Fine", "", new Money(-5, "USD"))));
        await Assert.ThrowsAsync<ValidationFailedException>(() => _shop.Grains.GetGrain<IProductGrain>("bad sku!").Upsert(new ProductDetails("Fine", "", new Money(5, "USD"))));
        Assert.Equal(700, (await product.Get())!.Price.Amount);
        Assert.Null(await _shop.Grains.GetGrain<IProductGrain>("bad sku!").Get());

        var inventory = _shop.Grains.GetGrain<IInventoryGrain>(sku);
        await Assert.ThrowsAsync<ValidationFailedException>(() => inventory.Restock(0));
        await Assert.ThrowsAsync<ValidationFailedException>(() => inventory.Restock(-1));
        await Assert.ThrowsAsync<UnknownSkuException>(() => _shop.Grains.GetGrain<IInventoryGrain>(ShopDriver.NewSku("nothing")).Restock(5));
        Assert.Equal(new StockLevel(sku, 3, 0), await inventory.Get());
    }

    private async Task AssertUntouchedAsync(PlaceOrder order, string sku, int onHand)
    {
        Assert.Null(await _shop.Order(order).Get());
        Assert.Equal(new StockLevel(sku, onHand, 0), await _shop.StockAsync(sku));
        Assert.Equal(PaymentStatus.None, (await _shop.PaymentAsync(OrderIds.For(order.UserId, order.IdempotencyKey))).Status);
    }
}
