using Granary.Hosting;
using Granary.Streaming.Queues;
using Microsoft.Extensions.DependencyInjection;

namespace Granary.Streaming;

/// <summary>Registers stream providers on a silo or a client.</summary>
public static class StreamingBuilderExtensions
{
    /// <summary>
    /// Adds a stream provider named <paramref name="name"/> whose events go through <paramref name="adapterFactory"/>'s
    /// queues. On a silo, delivery agents drain the queues (leased ones when the adapter is shared); on a
    /// client the provider only publishes. Delivery options bind from <c>Granary:Streams:{name}:Delivery</c>.
    /// </summary>
    public static TBuilder AddQueuedStreams<TBuilder>(
        this TBuilder builder,
        string name,
        Func<IServiceProvider, string, IStreamQueueAdapter> adapterFactory,
        bool isDurable,
        Action<StreamDeliveryOptions>? configureDelivery = null)
        where TBuilder : IGranaryBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(adapterFactory);
        builder.Services.AddKeyedSingleton(name, (sp, _) => adapterFactory(sp, name));
        return builder;
    }
}
