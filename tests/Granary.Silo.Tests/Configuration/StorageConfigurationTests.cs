using Granary.Hosting;
using Granary.Silo.Configuration;
using Granary.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Granary.Silo.Tests.Configuration;

public sealed class StorageConfigurationTests
{
    [Fact]
    public async Task Without_storage_settings_the_silo_uses_embedded_sqlite_and_starts()
    {
        using var host = Build([]);
        await host.StartAsync();

        Assert.Equal("SqliteGrainStorage", host.Services.GetRequiredKeyedService<IGrainStorage>("Default").GetType().Name);
        Assert.True(File.Exists(Path.Combine(Environment.CurrentDirectory, "granary.db")));
        await host.StopAsync();
    }

    [Fact]
    public void Each_configured_storage_gets_its_provider()
    {
        using var host = Build(new()
        {
            ["Granary:Storage:Default:Provider"] = "Memory",
            ["Granary:Storage:Carts:Provider"] = "postgres",
            ["Granary:Storage:Carts:ConnectionString"] = "Host=127.0.0.1;Port=1;Username=x",
        });

        Assert.IsType<Granary.Persistence.MemoryGrainStorage>(host.Services.GetRequiredKeyedService<IGrainStorage>("Default"));
        Assert.Equal("PostgresGrainStorage", host.Services.GetRequiredKeyedService<IGrainStorage>("Carts").GetType().Name);
    }

    [Fact]
    public void An_unknown_provider_names_the_setting_and_the_choices()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Build(new() { ["Granary:Storage:Default:Provider"] = "Redis" }));

        Assert.Contains("Granary:Storage:Default:Provider", error.Message, StringComparison.Ordinal);
        Assert.Contains("'Redis'", error.Message, StringComparison.Ordinal);
        Assert.Contains("Sqlite, Postgres, Memory", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_storage_without_a_provider_names_the_missing_setting()
    {
        var error = Assert.Throws<InvalidOperationException>(
            () => Build(new() { ["Granary:Storage:Orders:ConnectionString"] = "Data Source=x.db" }));

        Assert.Contains("Granary:Storage:Orders:Provider is not set", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_connection_string_stops_start_up_naming_the_setting()
    {
        using var host = Build(new() { ["Granary:Storage:Default:Provider"] = "Postgres" });

        var error = await Assert.ThrowsAnyAsync<Exception>(() => host.StartAsync());

        Assert.Contains("Granary:Storage:Default:ConnectionString", error.Message, StringComparison.Ordinal);
    }

    private static IHost Build(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.UseGranary(silo => silo.AddGrainStorageFromConfiguration());
        return builder.Build();
    }
}
