using Granary.Extensions.Schema;
using Granary.Silo.Configuration;
using Microsoft.Extensions.Configuration;

namespace Granary.Silo.Tests.Configuration;

public sealed class GranaryConfigurationTests
{
    [Fact]
    public void The_default_is_the_embedded_sqlite_file()
    {
        var options = GranaryConfiguration.ReadDatabase(Settings());

        Assert.Equal(DatabaseKind.Sqlite, options.Provider);
        Assert.Equal(SchemaMode.Migrate, options.Schema);
    }

    [Theory]
    [InlineData("Granary:Database:Provider", "Oracle", "Granary:Database")]
    [InlineData("Granary:Database:MaxPoolSize", "1", "Granary:Database:MaxPoolSize")]
    [InlineData("Granary:Database:MaxPoolSize", "many", "Granary:Database")]
    [InlineData("Granary:Database:StartupTimeout", "-00:00:01", "Granary:Database:StartupTimeout")]
    [InlineData("Granary:Database:Schema", "Sometimes", "Granary:Database")]
    public void A_bad_database_setting_is_named(string key, string value, string named)
    {
        var error = Assert.Throws<InvalidConfigurationException>(() => GranaryConfiguration.ReadDatabase(Settings((key, value))));

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Postgres_without_a_connection_string_is_refused_naming_the_setting()
    {
        var error = Assert.Throws<InvalidConfigurationException>(() => GranaryConfiguration.ReadDatabase(Settings(("Granary:Database:Provider", "Postgres"))));

        Assert.Contains("Granary:Database:ConnectionString", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_malformed_connection_string_is_refused_naming_the_setting()
    {
        var error = Assert.Throws<InvalidConfigurationException>(() => GranaryConfiguration.ReadDatabase(Settings(
            ("Granary:Database:Provider", "Postgres"), ("Granary:Database:ConnectionString", "Hots=db;Nonsense"))));

        Assert.Contains("Granary:Database:ConnectionString", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_pool_bound_is_applied_unless_the_connection_string_sets_one()
    {
        var bounded = Granary.Silo.Database.DatabaseConnection.Resolve(new DatabaseOptions { Provider = DatabaseKind.Postgres, ConnectionString = "Host=db;Database=shop", MaxPoolSize = 15 });
        var explicitBound = Granary.Silo.Database.DatabaseConnection.Resolve(new DatabaseOptions { Provider = DatabaseKind.Postgres, ConnectionString = "Host=db;Database=shop;Maximum Pool Size=7" });

        Assert.Contains("Maximum Pool Size=15", bounded, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Pool Size=7", explicitBound, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("Granary:Cluster:SiloPort", "70000", "Granary:Cluster:SiloPort")]
    [InlineData("Granary:Cluster:GatewayPort", "11111", "Granary:Cluster:GatewayPort")]
    [InlineData("Granary:Cluster:AdvertisedAddress", "silo-0", "Granary:Cluster:AdvertisedAddress")]
    [InlineData("Granary:Cluster:ClusterId", "", "Granary:Cluster:ClusterId")]
    public void A_bad_cluster_setting_is_named(string key, string value, string named)
    {
        var error = Assert.Throws<InvalidConfigurationException>(() => GranaryConfiguration.ReadCluster(Settings((key, value))));

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    private static IConfiguration Settings(params (string Key, string Value)[] settings)
        => new ConfigurationBuilder().AddInMemoryCollection(settings.Select(setting => new KeyValuePair<string, string?>(setting.Key, setting.Value))).Build();
}
