using Granary.Persistence.Relational;
using Microsoft.Extensions.Options;

namespace Granary.Persistence.Tests.Relational;

public sealed class RelationalGrainStorageOptionsValidatorTests
{
    private readonly SampleValidator _validator = new("Default", "Granary:Storage:Default");

    [Fact]
    public void Options_of_another_storage_are_skipped() =>
        Assert.True(_validator.Validate("Other", new SampleOptions()).Skipped);

    [Fact]
    public void Good_options_succeed() =>
        Assert.True(_validator.Validate("Default", new SampleOptions { ConnectionString = "ok", Table = "state" }).Succeeded);

    [Fact]
    public void A_missing_connection_string_names_the_setting_the_provider_and_the_storage()
    {
        var result = _validator.Validate("Default", new SampleOptions { ConnectionString = " ", Table = "state" });

        Assert.Equal(
            ["Granary:Storage:Default:ConnectionString is required for the Sample grain storage 'Default'."],
            result.Failures);
    }

    [Fact]
    public void An_unparsable_connection_string_carries_the_parser_message()
    {
        var result = _validator.Validate("Default", new SampleOptions { ConnectionString = "bad", Table = "state" });

        Assert.Equal(
            ["Granary:Storage:Default:ConnectionString is not a valid Sample connection string for the Sample grain storage 'Default': no good"],
            result.Failures);
    }

    [Fact]
    public void Every_bad_setting_is_reported()
    {
        var result = _validator.Validate("Default", new SampleOptions { ConnectionString = "bad", Table = "a-b" });

        Assert.Equal(
            [
                "Granary:Storage:Default:ConnectionString is not a valid Sample connection string for the Sample grain storage 'Default': no good",
                $"Granary:Storage:Default:Table 'a-b' is not a valid table name for the Sample grain storage 'Default': {StorageIdentifier.Rule}.",
            ],
            result.Failures);
    }

    private sealed class SampleOptions
    {
        public string ConnectionString { get; set; } = string.Empty;

        public string Table { get; set; } = string.Empty;
    }

    private sealed class SampleValidator(string storageName, string settingsPath)
        : RelationalGrainStorageOptionsValidator<SampleOptions>("Sample", storageName, settingsPath)
    {
        protected override void Validate(SampleOptions options, List<string> failures)
        {
            ValidateConnectionString(failures, options.ConnectionString, "Sample", connectionString =>
            {
                if (connectionString != "ok")
                {
                    throw new ArgumentException("no good");
                }
            });
            ValidateIdentifier(failures, "Table", options.Table, "table name");
        }
    }
}
