using Granary.Hosting;
using Granary.Silo.Configuration;
using Granary.Streams;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Granary.Silo.Tests.Configuration;

public sealed class StreamsConfigurationTests
{
    [Fact]
    public void Without_stream_settings_the_silo_offers_an_in_memory_provider_named_Default()
    {
        using var host = Build([]);

        var provider = host.Services.GetStreamProvider("Default");
        Assert.False(provider.IsDurable);
    }

    [Fact]
    public void Each_configured_provider_is_registered_by_name_and_kind()
    {
        using var host = Build(new()
        {
            ["Granary:Streams:Events:Provider"] = "Postgres",
            ["Granary:Streams:Events:ConnectionString"] = "Host=127.0.0.1;Port=1;Username=x",
            ["Granary:Streams:Fast:Provider"] = "Memory",
        });

        Assert.True(host.Services.GetStreamProvider("Events").IsDurable);
        Assert.False(host.Services.GetStreamProvider("Fast").IsDurable);
        Assert.Throws<StreamProviderNotFoundException>(() => host.Services.GetStreamProvider("Default"));
    }

    [Fact]
    public void A_provider_without_a_kind_names_the_setting()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Build(new() { ["Granary:Streams:Events:QueueCount"] = "4" }));

        Assert.Contains("Granary:Streams:Events:Provider", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_provider_kind_names_the_setting_and_the_choices()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Build(new() { ["Granary:Streams:Events:Provider"] = "Kafka" }));

        Assert.Contains("Granary:Streams:Events:Provider", error.Message, StringComparison.Ordinal);
        Assert.Contains("'Kafka'", error.Message, StringComparison.Ordinal);
        Assert.Contains("Memory, Postgres", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_queue_settings_stop_start_up_naming_the_setting()
    {
        using var host = Build(new()
        {
            ["Granary:Streams:Fast:Provider"] = "Memory",
            ["Granary:Streams:Fast:QueueCount"] = "0",
            ["Granary:Streams:Fast:Delivery:MaxDeliveryAttempts"] = "0",
        });

        var error = await Assert.ThrowsAnyAsync<Exception>(() => host.StartAsync());

        Assert.Contains("Granary:Streams:Fast:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_durable_provider_without_a_connection_string_stops_start_up_naming_the_setting()
    {
        using var host = Build(new() { ["Granary:Streams:Events:Provider"] = "Postgres" });

        var error = await Assert.ThrowsAnyAsync<Exception>(() => host.StartAsync());

        Assert.Contains("Granary:Streams:Events:ConnectionString", error.Message, StringComparison.Ordinal);
    }

    private static IHost Build(Dictionary<string, string?> settings)
    {
        settings["Granary:Storage:Default:Provider"] = "Memory";
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.UseGranary(silo => silo.AddGrainStorageFromConfiguration().AddStreamsFromConfiguration());
        return builder.Build();
    }
}
