using Granary.Silo.Tests.Hosting;
using Microsoft.Extensions.Configuration;
using Orleans.TestingHost;

namespace Granary.ApiGateway.Tests.Hosting;

/// <summary>Starts TestingHost clusters of the shop on PostgreSQL: silos composed as the silo process composes them.</summary>
public static class ShopTestCluster
{
    public const string AdminEmail = "Admin@Gateway.Test";
    public const string AdminPassword = "admin-password-1";

    /// <summary>The shop's settings for test clusters: an admin, three demo products, short reminders; <paramref name="extra"/> wins.</summary>
    public static Dictionary<string, string?> Settings(string connectionString, params (string Key, string? Value)[] extra)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Granary:Database:Provider"] = "Postgres",
            ["Granary:Database:ConnectionString"] = connectionString,
            ["Granary:Reminders:MinimumReminderPeriod"] = "00:00:01",
            ["Granary:Reminders:RefreshReminderListPeriod"] = "00:00:05",
            ["Granary:Orders:SagaDeadline"] = "00:01:00",
            ["Granary:Orders:ReminderPeriod"] = "00:00:02",
            ["Admin:Email"] = AdminEmail,
            ["Admin:Password"] = AdminPassword,
            ["Granary:Demo:Products"] = "3",
            ["Granary:Demo:Stock"] = "1000",
        };
        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }

        return settings;
    }

    public static async Task<TestCluster> StartAsync(int silos, Dictionary<string, string?> settings, string? clusterId = null)
    {
        var builder = new TestClusterBuilder((short)silos);
        if (clusterId is not null)
        {
            builder.Options.ClusterId = clusterId;
            builder.Options.ServiceId = clusterId;
        }

        builder.Options.UseTestClusterMembership = false;
        // Real sockets: the gateway reaches the silos as a separate client would (TestingHost defaults to in-memory).
        builder.Options.ConnectionTransport = ConnectionTransportType.TcpSocket;
        builder.ConfigureHostConfiguration(configuration => configuration.AddInMemoryCollection(settings));
        builder.AddSiloBuilderConfigurator<GranarySiloConfigurator>();
        builder.AddClientBuilderConfigurator<GranaryClientConfigurator>();
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    /// <summary>The settings of a gateway that joins <paramref name="cluster"/> as a client (cluster mode).</summary>
    public static Dictionary<string, string?> GatewaySettings(TestCluster cluster, string connectionString, params (string Key, string? Value)[] extra)
        => GatewayFactory.Settings(
            [
                ("Granary:Database:Provider", "Postgres"),
                ("Granary:Database:ConnectionString", connectionString),
                ("Granary:Cluster:ClusterId", cluster.Options.ClusterId),
                ("Granary:Cluster:ServiceId", cluster.Options.ServiceId),
                .. extra,
            ]);
}
