using Granary.Activation;
using Granary.Hosting;
using Granary.Membership;
using Granary.Runtime;
using Granary.Serialization;
using Granary.Streaming.Consumers;
using Granary.Streaming.Delivery;
using Granary.Streaming.PubSub;
using Granary.Streaming.Queues;
using Granary.Streams;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

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
        var services = builder.Services;
        if (services.Any(d => d.ServiceType == typeof(IStreamProvider) && Equals(d.ServiceKey, name)))
        {
            throw new InvalidOperationException($"A stream provider named '{name}' is already registered.");
        }

        services.AddOptionsWithValidateOnStart<StreamDeliveryOptions>(name)
            .Bind(builder.Configuration.GetSection($"Granary:Streams:{name}:Delivery"));
        if (configureDelivery is not null)
        {
            services.Configure(name, configureDelivery);
        }

        services.AddSingleton<IValidateOptions<StreamDeliveryOptions>>(new StreamDeliveryOptionsValidator(name));
        services.AddKeyedSingleton(name, (sp, _) => adapterFactory(sp, name));
        services.TryAddSingleton(sp => sp.GetService<GrainTypeRegistry>() is { } registry
            ? new ImplicitSubscriptionTable(registry)
            : new ImplicitSubscriptionTable([]));
        services.AddKeyedSingleton<IStreamProvider>(name, (sp, _) => new StreamProvider(
            name,
            sp.GetRequiredKeyedService<IStreamQueueAdapter>(name),
            isDurable,
            sp.GetRequiredService<IGrainFactory>(),
            sp.GetRequiredService<ImplicitSubscriptionTable>()));

        if (builder is ISiloBuilder)
        {
            services.TryAddSingleton<Func<IGrainContext, IStreamConsumer>>(static _ => static context => new StreamConsumerExtension(context));
            services.AddKeyedSingleton(name, (sp, _) => new StreamAgentManager(
                (StreamProvider)sp.GetRequiredKeyedService<IStreamProvider>(name),
                sp.GetRequiredService<IOptionsMonitor<StreamDeliveryOptions>>().Get(name),
                sp.GetRequiredService<IGrainFactory>(),
                sp.GetRequiredService<IDeepCopier>(),
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILoggerFactory>(),
                sp.GetService<ILocalSiloDetails>(),
                sp.GetService<IClusterMembershipService>()));
            services.AddSingleton<ISiloService>(sp => sp.GetRequiredKeyedService<StreamAgentManager>(name));
        }

        return builder;
    }
}
