using Microsoft.Extensions.Options;

namespace Granary.Extensions.Sqlite;

/// <summary>Refuses settings that cannot work, naming them.</summary>
internal sealed class SqliteGrainStorageOptionsValidator : IValidateOptions<SqliteGrainStorageOptions>
{
    public ValidateOptionsResult Validate(string? name, SqliteGrainStorageOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            return ValidateOptionsResult.Fail($"SQLite grain storage '{name}': ConnectionString is required.");
        }

        return options.MaxWritesPerCommit < 1
            ? ValidateOptionsResult.Fail($"SQLite grain storage '{name}': MaxWritesPerCommit must be at least 1 (it is {options.MaxWritesPerCommit}).")
            : ValidateOptionsResult.Success;
    }
}
