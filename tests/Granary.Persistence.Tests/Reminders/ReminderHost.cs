using Granary.Hosting;
using Granary.Reminders;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Granary.Persistence.Tests.Reminders;

/// <summary>A service provider built with a Use...ReminderService method, validated and started like a silo, handing out the table.</summary>
internal sealed class ReminderHost : IAsyncDisposable
{
    private ReminderHost(ServiceProvider services)
    {
        Services = services;
        Table = services.GetRequiredService<IReminderTable>();
    }

    public ServiceProvider Services { get; }

    public IReminderTable Table { get; }

    public static async Task<ReminderHost> StartAsync(Action<ISiloBuilder> configure, IDictionary<string, string?>? settings = null)
    {
        var services = StorageHost.Build(configure, settings);
        try
        {
            services.GetRequiredService<IStartupValidator>().Validate();
            await StorageHost.RunStartupTasksAsync(services);
            return new ReminderHost(services);
        }
        catch
        {
            await services.DisposeAsync();
            throw;
        }
    }

    public ValueTask DisposeAsync() => Services.DisposeAsync();
}
