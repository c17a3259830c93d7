using Granary.Silo.Tests.Grains;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;
using Orleans.TestingHost;

namespace Granary.Silo.Tests.Hosting;

/// <summary>Services the test grains need; <c>Test:HoldDeliveries=true</c> holds stream deliveries on that cluster's silos.</summary>
public sealed class TestServicesConfigurator : ISiloConfigurator
{
    public const string HoldDeliveriesKey = "Test:HoldDeliveries";

    public void Configure(ISiloBuilder siloBuilder)
        => siloBuilder.Services.AddSingleton(new DeliveryGate(siloBuilder.Configuration[HoldDeliveriesKey] == "true"));
}
