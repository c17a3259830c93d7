using Granary.Hosting;
using Granary.Membership;
using Granary.Silo.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Granary.Silo.Tests.Configuration;

public sealed class ClusteringConfigurationTests
{
    [Fact]
    public void Without_a_clustering_provider_the_silo_runs_alone()
    {
        using var host = Build(new() { ["Granary:Storage:Default:Provider"] = "Memory" });

        Assert.Null(host.Services.GetService<IMembershipTable>());
        Assert.Null(host.Services.GetService<IClusterMembershipService>());
    }

    [Fact]
    public void A_clustering_provider_makes_the_silo_a_cluster_member()
    {
        using var host = Build(new()
        {
            ["Granary:Storage:Default:Provider"] = "Memory",
            ["Granary:Clustering:Provider"] = "Postgres",
            ["Granary:Clustering:ConnectionString"] = "Host=127.0.0.1;Port=1;Username=x",
        });

        Assert.NotNull(host.Services.GetService<IMembershipTable>());
        Assert.NotNull(host.Services.GetService<IClusterMembershipService>());
    }

    [Fact]
    public void An_unknown_clustering_provider_names_the_setting()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Build(new()
        {
            ["Granary:Storage:Default:Provider"] = "Memory",
            ["Granary:Clustering:Provider"] = "Zookeeper",
        }));

        Assert.Contains("Granary:Clustering:Provider", error.Message, StringComparison.Ordinal);
        Assert.Contains("'Zookeeper'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cluster_member_without_a_connection_string_stops_start_up_naming_the_setting()
    {
        using var host = Build(new()
        {
            ["Granary:Storage:Default:Provider"] = "Memory",
            ["Granary:Clustering:Provider"] = "Sqlite",
        });

        var error = await Assert.ThrowsAnyAsync<Exception>(() => host.StartAsync());

        Assert.Contains("Granary:Clustering:ConnectionString", error.Message, StringComparison.Ordinal);
    }

    private static IHost Build(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.UseGranary(silo => silo.AddGrainStorageFromConfiguration().AddClusteringFromConfiguration());
        return builder.Build();
    }
}
