using Granary.Hosting;
using Granary.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Granary.Persistence.Tests;

/// <summary>
/// A minimal stand-in for a silo: a service provider built from the storage extension methods, validated and
/// started the way the host does it (options validation, then the startup tasks), then handing out the storage.
/// </summary>
internal sealed class StorageHost : IAsyncDisposable
{
    private StorageHost(ServiceProvider services, string storageName)
    {
        Services = services;
        Storage = services.GetRequiredKeyedService<IGrainStorage>(storageName);
    }

    public ServiceProvider Services { get; }

    public IGrainStorage Storage { get; }

    public static ServiceProvider Build(Action<ISiloBuilder> configure, IDictionary<string, string?>? settings = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings ?? new Dictionary<string, string?>()).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        configure(new TestSiloBuilder(services, configuration));
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    public static async Task<StorageHost> StartAsync(
        Action<ISiloBuilder> configure, string storageName, IDictionary<string, string?>? settings = null)
    {
        var services = Build(configure, settings);
        try
        {
            services.GetRequiredService<IStartupValidator>().Validate();
            await RunStartupTasksAsync(services);
            return new StorageHost(services, storageName);
        }
        catch
        {
            await services.DisposeAsync();
            throw;
        }
    }

    public static async Task RunStartupTasksAsync(IServiceProvider services)
    {
        foreach (var task in services.GetServices<ISiloStartupTask>())
        {
            await task.ExecuteAsync(CancellationToken.None);
        }
    }

    public Task RunStartupTasksAsync() => RunStartupTasksAsync(Services);

    public ValueTask DisposeAsync() => Services.DisposeAsync();
}
