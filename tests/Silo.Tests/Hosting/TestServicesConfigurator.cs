using Granary.Silo.Tests.Grains;
using Granary.Silo.Tests.Shop;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;
using Orleans.TestingHost;

namespace Granary.Silo.Tests.Hosting;

/// <summary>
/// Services the test grains need; <c>Test:HoldDeliveries=true</c> holds stream deliveries on that cluster's silos;
/// <see cref="CommitHold"/> holds the inventory commits of orders a test names.
/// </summary>
public sealed class TestServicesConfigurator : ISiloConfigurator
{
    public const string HoldDeliveriesKey = "Test:HoldDeliveries";

    public void Configure(ISiloBuilder siloBuilder)
    {
        siloBuilder.Services.AddSingleton(new DeliveryGate(siloBuilder.Configuration[HoldDeliveriesKey] == "true"));
        siloBuilder.AddOutgoingGrainCallFilter<CommitHold>();
    }
}
