using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Granary.Membership;

/// <summary>Registers the membership agent; the silo host calls this when it runs as part of a cluster.</summary>
internal static class MembershipServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="MembershipAgent"/> (also as <see cref="IClusterMembershipService"/>), <see cref="MembershipOptions"/>
    /// bound from <c>Granary:Membership</c> and validated at start, and a default <see cref="ISiloLifecycleControl"/>
    /// that stops the host. The caller must also register <see cref="IMembershipTable"/> (a Use...Clustering method),
    /// <see cref="ILocalSiloDetails"/> and <see cref="ISiloProber"/>.
    /// </summary>
    public static IServiceCollection AddMembershipAgent(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptionsWithValidateOnStart<MembershipOptions>().Bind(configuration.GetSection(MembershipOptions.SectionName));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MembershipOptions>, MembershipOptionsValidator>());
        services.TryAddSingleton<ISiloLifecycleControl, HostApplicationSiloLifecycleControl>();
        services.TryAddSingleton<MembershipAgent>();
        services.TryAddSingleton<IClusterMembershipService>(provider => provider.GetRequiredService<MembershipAgent>());
        return services;
    }
}
