using System.Globalization;
using Granary.Grains.Catalog;
using Granary.Grains.Common;
using Granary.Grains.Inventory;
using Granary.Grains.Users;
using Microsoft.Extensions.Logging;

namespace Granary.Silo.Shop;

/// <summary>
/// Runs when the silo becomes active: makes sure the configured admin account exists with the admin role, and
/// creates the demo catalog when asked. Every silo runs it; both steps are idempotent (the email index and the
/// product grains decide), so concurrent silos create each thing once.
/// </summary>
internal sealed partial class ShopBootstrap(
    IGrainFactory grains,
    AdminAccountOptions admin,
    DemoCatalogOptions demo,
    ILogger<ShopBootstrap> logger) : IStartupTask
{
    public async Task Execute(CancellationToken cancellationToken)
    {
        if (!string.IsNullOrWhiteSpace(admin.Email))
        {
            var registration = new Registration(admin.Email, admin.Password ?? "", admin.Name);
            await grains.GetGrain<IEmailIndexGrain>(EmailAddress.Normalize(admin.Email)).EnsureAccount(registration, UserRoles.Admin);
        }

        if (demo.Products > 0)
        {
            var created = 0;
            // In slices, so a large demo catalog does not flood the silo with one burst of calls.
            foreach (var slice in Enumerable.Range(1, demo.Products).Chunk(64))
            {
                cancellationToken.ThrowIfCancellationRequested();
                var results = await Task.WhenAll(slice.Select(CreateAsync));
                created += results.Count(c => c);
            }

            LogDemoCatalog(logger, demo.Products, created);
        }
    }

    private async Task<bool> CreateAsync(int number)
    {
        var sku = $"DEMO-{number.ToString("0000", CultureInfo.InvariantCulture)}";
        var product = grains.GetGrain<IProductGrain>(sku);
        if (await product.Get() is not null)
        {
            return false;
        }

        var price = new Money(100 + (number * 37 % 9_900), demo.Currency);
        var upsert = await product.Upsert(new ProductDetails($"Demo product {number}", $"Sample item number {number} of the demo catalog.", price));
        if (upsert.Created && demo.Stock > 0)
        {
            await grains.GetGrain<IInventoryGrain>(sku).Restock(demo.Stock);
        }

        return upsert.Created;
    }

    [LoggerMessage(EventId = EventIds.DemoCatalog, Level = LogLevel.Information, Message = "Demo catalog: {Products} products, {Created} created now")]
    private static partial void LogDemoCatalog(ILogger logger, int products, int created);
}
