using Granary.Extensions.Schema;
using Granary.Extensions.Sqlite;
using Granary.Grains.Catalog;
using Granary.Grains.Users;
using Granary.Silo.ReadModels;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Storage;

namespace Granary.Silo.Shop;

/// <summary>What the shop's grains need from the silo: their settings, the password hasher, the catalog listing table, the start-up bootstrap.</summary>
internal static class ShopSiloBuilderExtensions
{
    public static ISiloBuilder AddShop(this ISiloBuilder builder, IConfiguration configuration, DatabaseKind database, string connectionString)
    {
        var services = builder.Services;
        services.AddSingleton(Options.Create(ShopConfiguration.ReadOrders(configuration)));
        services.AddSingleton(Options.Create(ShopConfiguration.ReadInventory(configuration)));
        services.AddSingleton(Options.Create(ShopConfiguration.ReadPayments(configuration)));
        services.AddSingleton(ShopConfiguration.ReadAdmin(configuration));
        services.AddSingleton(ShopConfiguration.ReadDemo(configuration));
        services.TryAddSingleton<IPasswordHasher<UserState>, PasswordHasher<UserState>>();

        // Grain state in Orleans' own binary format: compact and fast; the types carry [Id]s, so fields may be added later.
        services.AddSingleton<IGrainStorageSerializer, OrleansGrainStorageSerializer>();

        if (database == DatabaseKind.Postgres)
        {
            services.AddSingleton<ICatalogListingStore>(sp => new PostgresCatalogListingStore(connectionString, sp.GetRequiredService<IOptions<ClusterOptions>>()));
        }
        else
        {
            services.TryAddSingleton<SqliteWriteQueues>();
            services.AddSingleton<ICatalogListingStore>(sp => new SqliteCatalogListingStore(
                connectionString, sp.GetRequiredService<SqliteWriteQueues>(), sp.GetRequiredService<IOptions<ClusterOptions>>()));
        }

        builder.AddStartupTask<ShopBootstrap>();
        return builder;
    }
}
