using Microsoft.Extensions.DependencyInjection;

namespace Granary.Streams;

/// <summary>Finds stream providers by name, as Orleans' <c>GetStreamProvider</c> does.</summary>
public static class StreamProviderExtensions
{
    /// <summary>The provider named <paramref name="name"/> on this grain's silo.</summary>
    public static IStreamProvider GetStreamProvider(this Grain grain, string name)
    {
        ArgumentNullException.ThrowIfNull(grain);
        return grain.GrainContext.ActivationServices.GetStreamProvider(name);
    }

    /// <summary>The provider named <paramref name="name"/> on this client.</summary>
    public static IStreamProvider GetStreamProvider(this IClusterClient client, string name)
    {
        ArgumentNullException.ThrowIfNull(client);
        return client.ServiceProvider.GetStreamProvider(name);
    }

    public static IStreamProvider GetStreamProvider(this IServiceProvider services, string name)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrEmpty(name);
        return services.GetKeyedService<IStreamProvider>(name)
            ?? throw new StreamProviderNotFoundException(
                $"No stream provider is named '{name}'. Register one on the silo, e.g. AddMemoryStreams(\"{name}\") or AddPostgresStreams(\"{name}\", ...).");
    }
}
