using Granary.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Granary.Benchmarks.Hosting;

/// <summary>Starts a silo in this process the way an application would (in-memory storage unless told otherwise).</summary>
internal static class BenchmarkSilo
{
    public static async Task<IHost> StartAsync(CancellationToken cancellationToken, Action<ISiloBuilder>? configureStorage = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = [],
            ContentRootPath = AppContext.BaseDirectory,
        });

        // Keep the console for figures; warnings and errors still show.
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.UseGranary(silo => (configureStorage ?? (s => s.AddMemoryGrainStorage()))(silo));
        var host = builder.Build();
        try
        {
            await host.StartAsync(cancellationToken);
            return host;
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }

    public static async Task StopAsync(IHost host)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await host.StopAsync(timeout.Token);
        host.Dispose();
    }
}
