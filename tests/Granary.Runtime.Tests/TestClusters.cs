using Granary.Hosting;
using Granary.Runtime.Tests.Grains;
using Granary.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Granary.Runtime.Tests;

/// <summary>Starts a one-silo cluster with the test grains' helpers and memory storage.</summary>
internal static class TestClusters
{
    public static async Task<TestCluster> StartAsync(
        Action<TestClusterBuilder>? configure = null, TimeProvider? time = null, bool memoryStorage = true)
    {
        var builder = new TestClusterBuilder();
        builder.ConfigureSilo(silo =>
        {
            silo.Services.AddSingleton<Gates>();
            silo.Services.AddSingleton<LifecycleLog>();
            if (memoryStorage)
            {
                silo.AddMemoryGrainStorage();
            }

            if (time is not null)
            {
                silo.UseTimeProvider(time);
            }
        });
        configure?.Invoke(builder);
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    public static Gates Gates(this TestCluster cluster) => cluster.Primary.Services.GetRequiredService<Gates>();

    public static LifecycleLog Log(this TestCluster cluster) => cluster.Primary.Services.GetRequiredService<LifecycleLog>();
}
