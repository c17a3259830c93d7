using System.Net;
using Granary.Activation;
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
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Granary.Hosting;

/// <summary>
/// Turns a lone silo into a cluster member when a clustering provider (a <c>Use...Clustering</c> call) is
/// registered: TCP listener and connections, membership agent, placement by consistent hashing, and the
/// router that sends calls to the owning silo.
/// </summary>
internal static class ClusterServiceCollectionExtensions
{
    public static bool IsClustered(this IServiceCollection services) => services.Any(d => d.ServiceType == typeof(IMembershipTable));

    public static IServiceCollection AddClusterServices(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptionsWithValidateOnStart<NetworkingOptions>().Bind(configuration.GetSection(NetworkingOptions.SectionName));
        services.AddSingleton<IValidateOptions<NetworkingOptions>, NetworkingOptionsValidator>();
        services.AddOptions<SiloOptions>().Bind(configuration.GetSection(SiloOptions.SectionName));
        services.AddSingleton<ILocalSiloDetails>(CreateLocalSiloDetails);
        services.AddMembershipAgent(configuration);

        services.AddSingleton<SiloEndpoints>();
        services.AddSingleton(sp => new GrainLocator(sp.GetRequiredService<ILocalSiloDetails>()));
        services.AddSingleton<ActivationRebalancer>();
        services.AddSingleton<GrainDirectoryClient>();
        services.AddSingleton<IncomingRequestHandler>();
        services.AddSingleton(sp => new ConnectionManager(
            LocalIdentity(sp),
            sp.GetRequiredService<IOptions<NetworkingOptions>>().Value,
            sp.GetRequiredService<IncomingRequestHandler>(),
            sp.GetRequiredService<ILoggerFactory>(),
            sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new ConnectionListener(
            LocalIdentity(sp),
            sp.GetRequiredService<IOptions<NetworkingOptions>>().Value,
            sp.GetRequiredService<IncomingRequestHandler>(),
            sp.GetRequiredService<ILoggerFactory>()));
        services.TryAddSingleton<ISiloProber>(sp => new SiloProber(
            new SiloProbeClient(sp.GetRequiredService<ConnectionManager>(), sp.GetRequiredService<IOptions<NetworkingOptions>>().Value)));
        services.AddSingleton<RemoteGrainCaller>();
        services.AddSingleton<LocalGrainCallRuntime>();
        services.AddSingleton<GrainCallRouter>();
        services.AddSingleton<IGrainReferenceRuntime>(sp => sp.GetRequiredService<GrainCallRouter>());
        services.AddSingleton<IRemoteCallHost>(sp => sp.GetRequiredService<GrainCallRouter>());
        services.AddSingleton<ClusterLifecycle>();
        return services;
    }

    private static string LocalIdentity(IServiceProvider services) => services.GetRequiredService<ILocalSiloDetails>().SiloAddress.ToString();

    private static LocalSiloDetails CreateLocalSiloDetails(IServiceProvider services)
    {
        var networking = services.GetRequiredService<IOptions<NetworkingOptions>>().Value;
        var silo = services.GetRequiredService<IOptions<SiloOptions>>().Value;
        var host = string.IsNullOrWhiteSpace(silo.AdvertisedAddress) ? networking.BindAddress : silo.AdvertisedAddress;
        var address = new SiloAddress(host, networking.Port, SiloAddress.NewGeneration(services.GetRequiredService<TimeProvider>()));
        var hostName = Dns.GetHostName();
        return new LocalSiloDetails(
            address,
            string.IsNullOrWhiteSpace(silo.Name) ? $"{hostName}-{networking.Port}" : silo.Name,
            hostName,
            silo.IsGateway ? networking.Port : null);
    }
}
