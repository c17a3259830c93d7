using Granary.Hosting;
using Granary.Postgres.Membership;
using Granary.Sqlite.Membership;
using Microsoft.Extensions.Configuration;

namespace Granary.Silo.Configuration;

/// <summary>
/// Joins a cluster when <c>Granary:Clustering:Provider</c> is set: <c>Postgres</c> for production,
/// <c>Sqlite</c> for several silos on one machine. Unset (the embedded default) runs a lone silo with no
/// network. An unknown provider stops start-up with a message naming the setting.
/// </summary>
internal static class ClusteringConfiguration
{
    public const string ProviderSetting = "Granary:Clustering:Provider";

    private static readonly string[] KnownProviders = ["Postgres", "Sqlite"];

    public static ISiloBuilder AddClusteringFromConfiguration(this ISiloBuilder silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        var provider = silo.Configuration[ProviderSetting];
        if (string.IsNullOrWhiteSpace(provider) || provider.Trim().Equals("None", StringComparison.OrdinalIgnoreCase))
        {
            return silo;
        }

        return provider.Trim().ToUpperInvariant() switch
        {
            "POSTGRES" or "POSTGRESQL" => silo.UsePostgresClustering(),
            "SQLITE" => silo.UseSqliteClustering(),
            _ => throw new InvalidOperationException(
                $"{ProviderSetting} is '{provider}', which is not a clustering provider; choose one of {string.Join(", ", KnownProviders)}, or leave it unset for a lone silo."),
        };
    }
}
