using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Granary.Sqlite.Persistence;

/// <summary>
/// Validates the options of one named storage. Messages name the configuration key to fix, using
/// <paramref name="settingsPath"/> (the section the options bind from, or where they would).
/// </summary>
internal sealed class SqliteGrainStorageOptionsValidator(string storageName, string settingsPath)
    : IValidateOptions<SqliteGrainStorageOptions>
{
    public ValidateOptionsResult Validate(string? name, SqliteGrainStorageOptions options)
    {
        if (!string.Equals(name, storageName, StringComparison.Ordinal))
        {
            return ValidateOptionsResult.Skip;
        }

        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            failures.Add($"{settingsPath}:ConnectionString is required for the Sqlite grain storage '{storageName}'.");
        }
        else if (!IsParsable(options.ConnectionString, out var error))
        {
            failures.Add($"{settingsPath}:ConnectionString is not a valid SQLite connection string for the Sqlite grain storage '{storageName}': {error}");
        }

        if (!StorageIdentifier.IsValid(options.TableName))
        {
            failures.Add($"{settingsPath}:TableName '{options.TableName}' is not a valid table name for the Sqlite grain storage '{storageName}': {StorageIdentifier.Rule}.");
        }

        if (options.BusyTimeout <= TimeSpan.Zero || options.BusyTimeout.TotalMilliseconds > int.MaxValue)
        {
            failures.Add($"{settingsPath}:BusyTimeout must be positive and below 24 days for the Sqlite grain storage '{storageName}'.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool IsParsable(string connectionString, out string? error)
    {
        try
        {
            _ = new SqliteConnectionStringBuilder(connectionString);
            error = null;
            return true;
        }
        catch (ArgumentException ex)
        {
            error = ex.Message;
            return false;
        }
    }
}
