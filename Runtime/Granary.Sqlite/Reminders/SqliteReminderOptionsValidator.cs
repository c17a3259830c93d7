using Granary.Persistence.Relational;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Granary.Sqlite.Reminders;

/// <summary>Validates the SQLite reminder options; messages name the configuration key to fix, under <paramref name="settingsPath"/>.</summary>
internal sealed class SqliteReminderOptionsValidator(string settingsPath) : IValidateOptions<SqliteReminderOptions>
{
    public ValidateOptionsResult Validate(string? name, SqliteReminderOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            failures.Add($"{settingsPath}:ConnectionString is required for SQLite reminders.");
        }
        else
        {
            try
            {
                _ = new SqliteConnectionStringBuilder(options.ConnectionString);
            }
            catch (ArgumentException ex)
            {
                failures.Add($"{settingsPath}:ConnectionString is not a valid SQLite connection string: {ex.Message}");
            }
        }

        if (string.IsNullOrWhiteSpace(options.ClusterId))
        {
            failures.Add($"{settingsPath}:ClusterId is required for SQLite reminders.");
        }

        if (!StorageIdentifier.IsValid(options.TableName))
        {
            failures.Add($"{settingsPath}:TableName '{options.TableName}' is not a valid table name: {StorageIdentifier.Rule}.");
        }

        if (options.BusyTimeout <= TimeSpan.Zero || options.BusyTimeout.TotalMilliseconds > int.MaxValue)
        {
            failures.Add($"{settingsPath}:BusyTimeout must be positive and below 24 days (was {options.BusyTimeout}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
