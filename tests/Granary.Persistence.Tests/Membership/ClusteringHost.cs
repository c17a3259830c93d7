using Granary.Hosting;
using Granary.Membership;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Granary.Persistence.Tests.Membership;

/// <summary>A service provider built with a Use...Clustering method, validated and started like a silo, handing out the table.</summary>
internal sealed class ClusteringHost : IAsyncDisposable
{
    private ClusteringHost(ServiceProvider services)
    {
        Services = services;
        Table = services.GetRequiredService<IMembershipTable>();
    }

    public ServiceProvider Services { get; }

    public IMembershipTable Table { get; }

    public static async Task<ClusteringHost> StartAsync(Action<ISiloBuilder> configure, IDictionary<string, string?>? settings = null)
    {
        var services = StorageHost.Build(configure, settings);
        try
        {
            services.GetRequiredService<IStartupValidator>().Validate();
            await StorageHost.RunStartupTasksAsync(services);
            return new ClusteringHost(services);
        }
        catch
        {
            await services.DisposeAsync();
            throw;
        }
    }

    public ValueTask DisposeAsync() => Services.DisposeAsync();
}
