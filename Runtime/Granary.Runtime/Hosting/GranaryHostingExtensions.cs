using Granary.Activation;
using Granary.Invocation;
using Granary.Messaging;
using Granary.Metadata;
using Granary.Persistence;
using Granary.Runtime;
using Granary.Serialization;
using Granary.Serialization.Wire;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Granary.Hosting;

/// <summary>Turns a .NET host into a silo.</summary>
public static class GranaryHostingExtensions
{
    /// <summary>Runs a silo in this host; <paramref name="configure"/> adds storage and options.</summary>
    public static IHostApplicationBuilder UseGranary(this IHostApplicationBuilder builder, Action<ISiloBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddGranary(builder.Configuration, configure);
        return builder;
    }

    public static IHostBuilder UseGranary(this IHostBuilder builder, Action<HostBuilderContext, ISiloBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.ConfigureServices((context, services) =>
            services.AddGranary(context.Configuration, silo => configure?.Invoke(context, silo)));
    }

    public static IServiceCollection AddGranary(this IServiceCollection services, IConfiguration configuration, Action<ISiloBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        if (services.Any(d => d.ServiceType == typeof(Catalog)))
        {
            throw new InvalidOperationException("UseGranary/AddGranary was called twice on the same host.");
        }

        SiloBuilderExtensions.GetParts(services);
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptionsWithValidateOnStart<MessagingOptions>().Bind(configuration.GetSection(MessagingOptions.SectionName));
        services.AddSingleton<IValidateOptions<MessagingOptions>, MessagingOptionsValidator>();
        services.AddOptionsWithValidateOnStart<GrainCollectionOptions>().Bind(configuration.GetSection(GrainCollectionOptions.SectionName));
        services.AddSingleton<IValidateOptions<GrainCollectionOptions>, GrainCollectionOptionsValidator>();

        services.AddSingleton(sp => ManifestLoader.Load(sp.GetRequiredService<ApplicationParts>().Assemblies));
        services.AddSingleton<GrainTypeRegistry>();
        services.AddSingleton<CopierRegistry>();
        services.AddSingleton<IDeepCopier, DeepCopier>();

        // Also used by a lone silo: durable stream queues store events in the wire format.
        services.AddSingleton(sp => new WireSerializer(sp.GetRequiredService<GranaryManifest>(), new DeferredGrainReferenceActivator(sp)));
        services.AddSingleton<PendingCallTracker>();
        services.AddSingleton<ActivationEnvironment>();
        services.AddSingleton<Catalog>();
        services.AddSingleton<ActivationCollector>();
        services.AddSingleton<IGrainReferenceRuntime, LocalGrainCallRuntime>();
        services.AddSingleton<GrainFactory>();
        services.AddSingleton<IGrainFactory>(sp => sp.GetRequiredService<GrainFactory>());
        services.AddSingleton<IPersistentStateFactory, PersistentStateFactory>();
        services.TryAddSingleton<IGrainStateSerializer>(_ => new JsonGrainStateSerializer());
        services.AddHostedService<SiloHostedService>();

        configure?.Invoke(new SiloBuilder(services, configuration));
        if (services.IsClustered())
        {
            services.AddClusterServices(configuration);
        }

        return services;
    }
}
