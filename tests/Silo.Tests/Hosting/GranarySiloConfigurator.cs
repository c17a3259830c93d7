using Granary.Silo.Hosting;
using Orleans.Hosting;
using Orleans.TestingHost;

namespace Granary.Silo.Tests.Hosting;

/// <summary>Composes each test silo exactly as the silo process does, from the cluster's configuration.</summary>
public sealed class GranarySiloConfigurator : ISiloConfigurator
{
    public void Configure(ISiloBuilder siloBuilder) => siloBuilder.AddGranary(siloBuilder.Configuration);
}
