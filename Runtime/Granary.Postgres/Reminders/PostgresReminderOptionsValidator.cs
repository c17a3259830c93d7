using Granary.Persistence.Relational;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Granary.Postgres.Reminders;

/// <summary>Validates the PostgreSQL reminder options; messages name the configuration key to fix, under <paramref name="settingsPath"/>.</summary>
internal sealed class PostgresReminderOptionsValidator(string settingsPath) : IValidateOptions<PostgresReminderOptions>
{
    public ValidateOptionsResult Validate(string? name, PostgresReminderOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            failures.Add($"{settingsPath}:ConnectionString is required for PostgreSQL reminders.");
        }
        else
        {
            try
            {
                _ = new NpgsqlConnectionStringBuilder(options.ConnectionString);
            }
            catch (ArgumentException ex)
            {
                failures.Add($"{settingsPath}:ConnectionString is not a valid Npgsql connection string: {ex.Message}");
            }
        }

        if (string.IsNullOrWhiteSpace(options.ClusterId))
        {
            failures.Add($"{settingsPath}:ClusterId is required for PostgreSQL reminders.");
        }

        if (!StorageIdentifier.IsValid(options.Schema))
        {
            failures.Add($"{settingsPath}:Schema '{options.Schema}' is not a valid schema name: {StorageIdentifier.Rule}.");
        }

        if (!StorageIdentifier.IsValid(options.TableName))
        {
            failures.Add($"{settingsPath}:TableName '{options.TableName}' is not a valid table name: {StorageIdentifier.Rule}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
