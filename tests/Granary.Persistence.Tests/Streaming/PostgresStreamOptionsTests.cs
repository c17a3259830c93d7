using Granary.Postgres.Streaming;
using Microsoft.Extensions.Options;

namespace Granary.Persistence.Tests.Streaming;

public sealed class PostgresStreamOptionsTests
{
    private const string SomeServer = "Host=127.0.0.1;Database=granary;Username=silo";

    [Fact]
    public async Task A_missing_connection_string_fails_at_start_naming_the_setting()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(
            () => StreamQueueHost.StartAsync(builder => builder.AddPostgresStreams("Orders", _ => { }), "Orders"));

        Assert.Contains("Granary:Streams:Orders:ConnectionString is required for the PostgreSQL stream provider 'Orders'.", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("QueueCount", "0", "Granary:Streams:Orders:QueueCount must be between 1 and 1024 (it is 0)")]
    [InlineData("QueueCount", "1025", "Granary:Streams:Orders:QueueCount must be between 1 and 1024 (it is 1025)")]
    [InlineData("LeaseDuration", "00:00:00", "Granary:Streams:Orders:LeaseDuration must be between 1 ms and 1 day (it is 00:00:00)")]
    [InlineData("LeaseDuration", "-00:00:05", "Granary:Streams:Orders:LeaseDuration must be between 1 ms and 1 day")]
    [InlineData("Schema", "public; DROP SCHEMA public", "Granary:Streams:Orders:Schema 'public; DROP SCHEMA public' is not a valid schema name")]
    [InlineData("ConnectionString", "Host=db;Flavour=strawberry", "Granary:Streams:Orders:ConnectionString is not a valid Npgsql connection string")]
    public async Task A_bad_setting_bound_from_configuration_fails_at_start_naming_it(string setting, string value, string expected)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Granary:Streams:Orders:ConnectionString"] = SomeServer,
            [$"Granary:Streams:Orders:{setting}"] = value,
        };

        var error = await Assert.ThrowsAsync<OptionsValidationException>(
            () => StreamQueueHost.StartAsync(builder => builder.AddPostgresStreams("Orders"), "Orders", settings: settings));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Contains("for the PostgreSQL stream provider 'Orders'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_lease_that_could_expire_before_its_renewal_fails_at_start_naming_both_settings()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Granary:Streams:Orders:ConnectionString"] = SomeServer,
            ["Granary:Streams:Orders:LeaseDuration"] = "00:00:08",
            ["Granary:Streams:Orders:Delivery:LeaseRenewalPeriod"] = "00:00:05",
        };

        var error = await Assert.ThrowsAsync<OptionsValidationException>(
            () => StreamQueueHost.StartAsync(builder => builder.AddPostgresStreams("Orders"), "Orders", settings: settings));

        Assert.Contains("Granary:Streams:Orders:Delivery:LeaseRenewalPeriod (00:00:05) must be at most half of Granary:Streams:Orders:LeaseDuration (00:00:08)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Options_bound_from_another_section_name_that_section()
    {
        var settings = new Dictionary<string, string?> { ["Shop:Events:QueueCount"] = "0", ["Shop:Events:ConnectionString"] = SomeServer };

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => StreamQueueHost.StartAsync(
            builder => builder.AddPostgresStreams("Orders", builder.Configuration.GetSection("Shop:Events")), "Orders", settings: settings));

        Assert.Contains("Shop:Events:QueueCount must be between 1 and 1024", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Configuration_binds_every_setting()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Granary:Streams:Orders:ConnectionString"] = SomeServer,
            ["Granary:Streams:Orders:Schema"] = "streams",
            ["Granary:Streams:Orders:QueueCount"] = "16",
            ["Granary:Streams:Orders:LeaseDuration"] = "00:00:10",
            ["Granary:Streams:Orders:CreateSchema"] = "false",
        };
        await using var services = StreamQueueHost.Build(builder => builder.AddPostgresStreams("Orders"), settings: settings);

        var options = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions
            .GetRequiredService<IOptionsMonitor<PostgresStreamOptions>>(services).Get("Orders");

        Assert.Equal((SomeServer, "streams", 16, TimeSpan.FromSeconds(10), false), (options.ConnectionString, options.Schema, options.QueueCount, options.LeaseDuration, options.CreateSchema));
    }

    [Fact]
    public async Task Each_provider_is_validated_under_its_own_name()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => StreamQueueHost.StartAsync(
            builder => builder
                .AddPostgresStreams("Good", options => options.ConnectionString = SomeServer)
                .AddPostgresStreams("Bad", options =>
                {
                    options.ConnectionString = SomeServer;
                    options.QueueCount = 0;
                }),
            "Good"));

        Assert.Contains("Granary:Streams:Bad:QueueCount", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("'Good'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Defaults_are_documented_values()
    {
        var options = new PostgresStreamOptions();

        Assert.Equal(string.Empty, options.ConnectionString);
        Assert.Equal("public", options.Schema);
        Assert.Equal(8, options.QueueCount);
        Assert.Equal(TimeSpan.FromSeconds(30), options.LeaseDuration);
        Assert.True(options.CreateSchema);
    }
}
