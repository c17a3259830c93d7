using System.Globalization;
using Granary.Persistence.Relational;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Granary.Postgres.Streaming;

/// <summary>
/// Validates the options of one named PostgreSQL stream provider. Messages name the configuration key to fix
/// (under <paramref name="settingsPath"/>) and the provider, for example
/// <c>Granary:Streams:Orders:QueueCount must be between 1 and 1024 for the PostgreSQL stream provider 'Orders'</c>.
/// </summary>
internal sealed class PostgresStreamOptionsValidator(string providerName, string settingsPath) : IValidateOptions<PostgresStreamOptions>
{
    public ValidateOptionsResult Validate(string? name, PostgresStreamOptions options)
    {
        if (!string.Equals(name, providerName, StringComparison.Ordinal))
        {
            return ValidateOptionsResult.Skip;
        }

        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            failures.Add($"{Setting("ConnectionString is required")}.");
        }
        else
        {
            try
            {
                _ = new NpgsqlConnectionStringBuilder(options.ConnectionString);
            }
            catch (ArgumentException ex)
            {
                failures.Add($"{Setting("ConnectionString is not a valid Npgsql connection string")}: {ex.Message}");
            }
        }

        if (!StorageIdentifier.IsValid(options.Schema))
        {
            failures.Add($"{Setting($"Schema '{options.Schema}' is not a valid schema name")}: {StorageIdentifier.Rule}.");
        }

        if (options.QueueCount is < 1 or > PostgresStreamOptions.MaxQueueCount)
        {
            failures.Add($"{Setting(string.Create(CultureInfo.InvariantCulture, $"QueueCount must be between 1 and {PostgresStreamOptions.MaxQueueCount} (it is {options.QueueCount})"))}.");
        }

        if (options.LeaseDuration < TimeSpan.FromMilliseconds(1) || options.LeaseDuration > TimeSpan.FromDays(1))
        {
            failures.Add($"{Setting(string.Create(CultureInfo.InvariantCulture, $"LeaseDuration must be between 1 ms and 1 day (it is {options.LeaseDuration})"))}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private string Setting(string problem) => $"{settingsPath}:{problem} for the PostgreSQL stream provider '{providerName}'";
}
