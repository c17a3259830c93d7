using Granary.Postgres.Persistence;
using Microsoft.Extensions.Options;

namespace Granary.Persistence.Tests.Postgres;

public sealed class PostgresGrainStorageOptionsTests
{
    private const string SomeServer = "Host=127.0.0.1;Database=granary;Username=silo";

    [Fact]
    public async Task A_missing_connection_string_fails_at_start_naming_the_setting()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(
            () => StorageHost.StartAsync(builder => builder.AddPostgresGrainStorage("Default", _ => { }), "Default"));

        Assert.Contains("Granary:Storage:Default:ConnectionString is required for the Postgres grain storage 'Default'.", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("TableName", "grain-state")]
    [InlineData("TableName", "")]
    [InlineData("TableName", "a_table_name_that_is_far_too_long_for_postgres_identifiers_xyz64")]
    [InlineData("Schema", "public; DROP SCHEMA public")]
    [InlineData("Schema", "1st")]
    public async Task A_bad_identifier_fails_at_start_naming_the_setting(string setting, string value)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(
            () => StorageHost.StartAsync(
                builder => builder.AddPostgresGrainStorage("Default", options =>
                {
                    options.ConnectionString = SomeServer;
                    if (setting == "TableName")
                    {
                        options.TableName = value;
                    }
                    else
                    {
                        options.Schema = value;
                    }
                }),
                "Default"));

        Assert.Contains($"Granary:Storage:Default:{setting} '{value}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unparsable_connection_string_bound_from_configuration_names_the_section()
    {
        var settings = new Dictionary<string, string?> { ["Granary:Storage:Carts:ConnectionString"] = "Host=db;Flavour=strawberry" };

        var error = await Assert.ThrowsAsync<OptionsValidationException>(
            () => StorageHost.StartAsync(builder => builder.AddPostgresGrainStorage("Carts"), "Carts", settings));

        Assert.Contains("Granary:Storage:Carts:ConnectionString is not a valid Npgsql connection string", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Defaults_are_documented_values()
    {
        var options = new PostgresGrainStorageOptions();

        Assert.Equal("public", options.Schema);
        Assert.Equal("granary_grain_state", options.TableName);
        Assert.True(options.CreateSchema);
        Assert.Equal(string.Empty, options.ConnectionString);
    }
}
