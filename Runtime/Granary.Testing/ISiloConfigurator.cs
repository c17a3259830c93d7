using Granary.Hosting;

namespace Granary.Testing;

/// <summary>Configures every silo of a test cluster; give it a parameterless constructor.</summary>
public interface ISiloConfigurator
{
    void Configure(ISiloBuilder siloBuilder);
}
