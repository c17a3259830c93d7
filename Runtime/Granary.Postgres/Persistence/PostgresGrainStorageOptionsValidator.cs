using Microsoft.Extensions.Options;
using Npgsql;

namespace Granary.Postgres.Persistence;

/// <summary>
/// Validates the options of one named storage. Messages name the configuration key to fix, using
/// <paramref name="settingsPath"/> (the section the options bind from, or where they would).
/// </summary>
internal sealed class PostgresGrainStorageOptionsValidator(string storageName, string settingsPath)
    : IValidateOptions<PostgresGrainStorageOptions>
{
    public ValidateOptionsResult Validate(string? name, PostgresGrainStorageOptions options)
    {
        if (!string.Equals(name, storageName, StringComparison.Ordinal))
        {
            return ValidateOptionsResult.Skip;
        }

        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            failures.Add($"{settingsPath}:ConnectionString is required for the Postgres grain storage '{storageName}'.");
        }
        else if (!IsParsable(options.ConnectionString, out var error))
        {
            failures.Add($"{settingsPath}:ConnectionString is not a valid Npgsql connection string for the Postgres grain storage '{storageName}': {error}");
        }

        if (!StorageIdentifier.IsValid(options.Schema))
        {
            failures.Add($"{settingsPath}:Schema '{options.Schema}' is not a valid schema name for the Postgres grain storage '{storageName}': {StorageIdentifier.Rule}.");
        }

        if (!StorageIdentifier.IsValid(options.TableName))
        {
            failures.Add($"{settingsPath}:TableName '{options.TableName}' is not a valid table name for the Postgres grain storage '{storageName}': {StorageIdentifier.Rule}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool IsParsable(string connectionString, out string? error)
    {
        try
        {
            _ = new NpgsqlConnectionStringBuilder(connectionString);
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
