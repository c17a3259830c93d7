using Granary.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Granary.Membership;

/// <summary>Chooses where a silo keeps its cluster membership, and tunes failure detection.</summary>
public static class MembershipSiloBuilderExtensions
{
    /// <summary>Keeps membership in <paramref name="table"/>: give every silo of a test cluster the same instance.</summary>
    public static TBuilder UseInMemoryClustering<TBuilder>(this TBuilder builder, InMemoryMembershipTable table)
        where TBuilder : IGranaryBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(table);
        EnsureNoClusteringProvider(builder.Services);
        builder.Services.AddSingleton<IMembershipTable>(table);
        return builder;
    }

    /// <summary>Adjusts probing, voting and refresh settings (over configuration section <c>Granary:Membership</c>).</summary>
    public static ISiloBuilder ConfigureMembership(this ISiloBuilder builder, Action<MembershipOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        builder.Services.Configure(configure);
        return builder;
    }

    /// <summary>Throws when a clustering provider is already registered: a silo belongs to one membership table.</summary>
    public static void EnsureNoClusteringProvider(IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.Any(d => d.ServiceType == typeof(IMembershipTable)))
        {
            throw new InvalidOperationException("A clustering provider is already registered: call one Use...Clustering method per silo.");
        }
    }
}
