using Microsoft.Extensions.Configuration;
using Orleans.TestingHost;

namespace Granary.Silo.Tests.Hosting;

/// <summary>Starts TestingHost clusters composed by <see cref="GranarySiloConfigurator"/> on a given database.</summary>
public static class GranaryTestCluster
{
    /// <summary>A cluster of <paramref name="silos"/> on PostgreSQL: real ADO.NET membership, storage and reminders.</summary>
    public static Task<TestCluster> StartPostgresAsync(string connectionString, int silos, IDictionary<string, string?>? extra = null)
        => StartAsync(silos, useDatabaseMembership: true, Settings("Postgres", connectionString, extra));

    /// <summary>One silo on a SQLite file (the embedded default's providers).</summary>
    /// <remarks>State and reminders are keyed by service id: a restarted cluster passes the same <paramref name="serviceId"/>.</remarks>
    public static Task<TestCluster> StartSqliteAsync(string path, string serviceId, IDictionary<string, string?>? extra = null)
        => StartAsync(1, useDatabaseMembership: false, Settings("Sqlite", $"Data Source={path}", extra), serviceId);

    private static async Task<TestCluster> StartAsync(int silos, bool useDatabaseMembership, Dictionary<string, string?> settings, string? serviceId = null)
    {
        var builder = new TestClusterBuilder((short)silos);
        if (serviceId is not null)
        {
            builder.Options.ServiceId = serviceId;
        }

        builder.Options.UseTestClusterMembership = !useDatabaseMembership;
        builder.ConfigureHostConfiguration(configuration => configuration.AddInMemoryCollection(settings));
        builder.AddSiloBuilderConfigurator<GranarySiloConfigurator>();
        builder.AddSiloBuilderConfigurator<TestServicesConfigurator>();
        builder.AddClientBuilderConfigurator<GranaryClientConfigurator>();
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    private static Dictionary<string, string?> Settings(string provider, string connectionString, IDictionary<string, string?>? extra)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Granary:Database:Provider"] = provider,
            ["Granary:Database:ConnectionString"] = connectionString,
            // Reminders of a few seconds keep the tests short.
            ["Granary:Reminders:MinimumReminderPeriod"] = "00:00:01",
            ["Granary:Reminders:RefreshReminderListPeriod"] = "00:00:05",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        return settings;
    }
}
