using Granary.Grains.Common;
using Granary.Grains.Errors;
using Granary.Grains.Inventory;
using Granary.Grains.Orders;
using Granary.Grains.Payments;
using Granary.Grains.Users;
using Granary.Silo.Configuration;
using Microsoft.Extensions.Configuration;

namespace Granary.Silo.Shop;

/// <summary>Reads and checks the shop's settings at start-up, naming the key of any bad value.</summary>
internal static class ShopConfiguration
{
    public static AdminAccountOptions ReadAdmin(IConfiguration configuration)
    {
        var admin = GranaryConfiguration.Bind<AdminAccountOptions>(configuration, AdminAccountOptions.SectionName);
        if (string.IsNullOrWhiteSpace(admin.Email))
        {
            return admin;
        }

        try
        {
            new Registration(admin.Email, admin.Password ?? "", admin.Name).Validate();
        }
        catch (ValidationFailedException exception)
        {
            var problems = exception.Errors.Select(e => $"Admin:{char.ToUpperInvariant(e.Key[0])}{e.Key[1..]} {string.Join(", ", e.Value)}");
            throw new InvalidConfigurationException($"The admin account settings are invalid: {string.Join("; ", problems)}.");
        }

        return admin;
    }

    public static DemoCatalogOptions ReadDemo(IConfiguration configuration)
    {
        var demo = GranaryConfiguration.Bind<DemoCatalogOptions>(configuration, DemoCatalogOptions.SectionName);
        var section = DemoCatalogOptions.SectionName;
        Require(demo.Products is >= 0 and <= 100_000, $"{section}:Products must be between 0 and 100000 (it is {demo.Products}).");
        Require(demo.Stock is >= 0 and <= InventoryOptions.MaxRestock, $"{section}:Stock must be between 0 and {InventoryOptions.MaxRestock} (it is {demo.Stock}).");
        Require(Money.IsCurrencyCode(demo.Currency), $"{section}:Currency must be a three-letter ISO 4217 code in upper case (it is '{demo.Currency}').");
        return demo;
    }

    public static OrderOptions ReadOrders(IConfiguration configuration)
    {
        var orders = GranaryConfiguration.Bind<OrderOptions>(configuration, OrderOptions.SectionName);
        var section = OrderOptions.SectionName;
        Require(orders.SagaDeadline > TimeSpan.Zero, $"{section}:SagaDeadline must be positive (it is {orders.SagaDeadline}).");
        Require(orders.ReminderPeriod > TimeSpan.Zero, $"{section}:ReminderPeriod must be positive (it is {orders.ReminderPeriod}).");
        return orders;
    }

    public static InventoryOptions ReadInventory(IConfiguration configuration)
    {
        var inventory = GranaryConfiguration.Bind<InventoryOptions>(configuration, InventoryOptions.SectionName);
        var section = InventoryOptions.SectionName;
        Require(inventory.LowStockThreshold >= 0, $"{section}:LowStockThreshold must not be negative (it is {inventory.LowStockThreshold}).");
        Require(inventory.SettledRetention >= TimeSpan.FromMinutes(5), $"{section}:SettledRetention must be at least 5 minutes (it is {inventory.SettledRetention}).");
        return inventory;
    }

    public static PaymentOptions ReadPayments(IConfiguration configuration)
    {
        var payments = GranaryConfiguration.Bind<PaymentOptions>(configuration, PaymentOptions.SectionName);
        Require(payments.SlowDelay >= TimeSpan.Zero, $"{PaymentOptions.SectionName}:SlowDelay must not be negative (it is {payments.SlowDelay}).");
        return payments;
    }

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new InvalidConfigurationException(message);
        }
    }
}
