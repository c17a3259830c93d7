using Granary.Persistence;
using Granary.Storage;
using Granary.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Granary.Runtime.Tests.Cluster;

/// <summary>The failure stories with the test cluster's in-memory membership table and one shared memory storage.</summary>
public sealed class InMemoryClusterFailureTests : ClusterFailureTests
{
    private readonly MemoryGrainStorage _sharedStorage = new("Default", new JsonGrainStateSerializer());

    protected override Task ConfigureAsync(TestClusterBuilder builder)
    {
        builder.ConfigureSilo(silo => silo.Services.AddKeyedSingleton<IGrainStorage>("Default", _sharedStorage));
        return Task.CompletedTask;
    }
}
