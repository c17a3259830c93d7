using Granary.Grains.Catalog;
using Granary.Grains.Inventory;
using Granary.Grains.Orders;
using Granary.Grains.Payments;
using Granary.Grains.Users;
using Granary.Silo.Tests.Hosting;
using Granary.Silo.Tests.Shop;

namespace Granary.Silo.Tests.Embedded;

/// <summary>The whole shop on the embedded default (one silo, one SQLite file), across a crash and restart.</summary>
public sealed class EmbeddedShopTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("granary-shop-").FullName;

    [Fact]
    public async Task Orders_accounts_and_read_models_work_on_sqlite_and_survive_a_restart()
    {
        var path = Path.Combine(_folder, "shop.db");
        var serviceId = "embedded-shop-" + Guid.NewGuid().ToString("N");
        var user = Guid.NewGuid();
        string sku;
        OrderView[] orders;

        var first = await GranaryTestCluster.StartSqliteAsync(path, serviceId, ShopCluster.Settings());
        try
        {
            var shop = new ShopDriver(first.GrainFactory);
            sku = await shop.CreateProductAsync("embedded", stock: 10);
            orders = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => shop.PlaceAsync(ShopDriver.Order(user, $"order-{i}", PaymentTokens.Ok, (sku, 1)))));
            Assert.Equal(10, orders.Count(o => o.Status == OrderStatus.Confirmed));
            Assert.Equal(new StockLevel(sku, 0, 0), await shop.StockAsync(sku));
            await Eventually.SucceedsAsync(async () => (await first.GrainFactory.GetGrain<IUserOrdersGrain>(user).List()).Count(o => o.Status != OrderStatus.Pending) == 40,
                "the order history to hold all 40 orders in their final state");
            await first.KillSiloAsync(first.Primary!);
        }
        finally
        {
            await first.DisposeAsync();
        }

        var second = await GranaryTestCluster.StartSqliteAsync(path, serviceId, ShopCluster.Settings());
        try
        {
            var grains = second.GrainFactory;
            Assert.Equal(new StockLevel(sku, 0, 0), await grains.GetGrain<IInventoryGrain>(sku).Get());
            foreach (var order in orders)
            {
                Assert.Equal(order.Status, (await grains.GetGrain<IOrderGrain>(order.OrderId).Get())!.Status);
            }

            Assert.Equal(40, (await grains.GetGrain<IUserOrdersGrain>(user).List()).Length);
            var admin = await grains.GetGrain<IEmailIndexGrain>(EmailAddress.Normalize(ShopCluster.AdminEmail)).Authenticate(ShopCluster.AdminPassword);
            Assert.True(admin!.IsAdmin);
            var page = await grains.GetGrain<ICatalogGrain>(0).Search(new CatalogQuery("demo product", 1, 2));
            Assert.Equal(ShopCluster.DemoProducts, page.Total);
            Assert.Equal(["DEMO-0001", "DEMO-0002"], page.Items.Select(i => i.Sku));
            Assert.All(page.Items, item => Assert.Equal(7, item.Available));
        }
        finally
        {
            await second.DisposeAsync();
        }
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
