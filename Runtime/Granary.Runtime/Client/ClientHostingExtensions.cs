using Granary.Activation;
using Granary.Hosting;
using Granary.Invocation;
using Granary.Membership;
using Granary.Messaging;
using Granary.Metadata;
using Granary.Networking;
using Granary.Placement;
using Granary.Serialization.Wire;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Granary.Client;

/// <summary>Adds a cluster client (<see cref="IClusterClient"/>) to a .NET host.</summary>
public static class ClientHostingExtensions
{
    /// <summary>
    /// Connects this host to a cluster as a client; <paramref name="configure"/> must name the membership
    /// table (a <c>Use...Clustering</c> call, the same as the silos'). The client resolves grain interfaces to
    /// grain types from the grain assemblies it references, as silos do.
    /// </summary>
    public static IHostApplicationBuilder UseGranaryClient(this IHostApplicationBuilder builder, Action<IClientBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddGranaryClient(builder.Configuration, configure);
        return builder;
    }

    public static IServiceCollection AddGranaryClient(this IServiceCollection services, IConfiguration configuration, Action<IClientBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(configure);
        configure(new ClientBuilder(services, configuration));
        if (!services.Any(d => d.ServiceType == typeof(IMembershipTable)))
        {
            throw new InvalidOperationException(
                "A cluster client needs the cluster's membership table: call UsePostgresClustering, UseSqliteClustering or "
                + "UseInMemoryClustering in UseGranaryClient, with the silos' settings.");
        }

        services.TryAddSingleton(TimeProvider.System);
        services.AddOptionsWithValidateOnStart<MessagingOptions>().Bind(configuration.GetSection(MessagingOptions.SectionName));
        services.AddSingleton<IValidateOptions<MessagingOptions>, MessagingOptionsValidator>();
        services.AddOptionsWithValidateOnStart<NetworkingOptions>().Bind(configuration.GetSection(NetworkingOptions.SectionName));
        services.AddSingleton<IValidateOptions<NetworkingOptions>, NetworkingOptionsValidator>();
        services.AddOptions<ClientOptions>().Bind(configuration.GetSection(ClientOptions.SectionName));

        services.AddSingleton(sp => ManifestLoader.Load([]));
        services.AddSingleton<GrainTypeRegistry>();
        services.AddSingleton<PendingCallTracker>();
        services.AddSingleton(sp => new WireSerializer(sp.GetRequiredService<GranaryManifest>(), new DeferredGrainReferenceActivator(sp)));
        services.AddSingleton<SiloEndpoints>();
        services.AddSingleton(_ => new GrainLocator((SiloAddress?)null));
        services.AddSingleton<GrainDirectoryClient>();
        services.AddSingleton<ClientMembershipView>();
        services.AddSingleton<IClusterMembershipService>(sp => sp.GetRequiredService<ClientMembershipView>());
        services.AddSingleton<ClientGrainCallRuntime>();
        services.AddSingleton<IGrainReferenceRuntime>(sp => sp.GetRequiredService<ClientGrainCallRuntime>());
        services.AddSingleton<IRemoteCallHost>(sp => sp.GetRequiredService<ClientGrainCallRuntime>());
        services.AddSingleton(ClientIdentity.New());
        services.AddSingleton(sp => new ConnectionManager(
            sp.GetRequiredService<ClientIdentity>().Value,
            sp.GetRequiredService<IOptions<NetworkingOptions>>().Value,
            new RejectingMessageHandler(),
            sp.GetRequiredService<ILoggerFactory>(),
            sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<RemoteGrainCaller>();
        services.AddSingleton<GrainFactory>();
        services.AddSingleton<ClusterClient>();
        services.AddSingleton<IClusterClient>(sp => sp.GetRequiredService<ClusterClient>());
        services.AddSingleton<IGrainFactory>(sp => sp.GetRequiredService<ClusterClient>());
        services.AddHostedService(sp => sp.GetRequiredService<ClusterClient>());
        return services;
    }
}
