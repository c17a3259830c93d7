using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Granary.Sqlite.Membership;

/// <summary>Validates the clustering options; messages name the configuration key to fix, under <paramref name="settingsPath"/>.</summary>
internal sealed partial class SqliteClusteringOptionsValidator(string settingsPath) : IValidateOptions<SqliteClusteringOptions>
{
    /// <summary>The rule for TableName, which is spliced into SQL text (leaving room for "_version").</summary>
    public const string IdentifierRule = "use letters, digits and underscores, starting with a letter or underscore, at most 55 characters";

    public ValidateOptionsResult Validate(string? name, SqliteClusteringOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            failures.Add($"{settingsPath}:ConnectionString is required for SQLite clustering.");
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
            failures.Add($"{settingsPath}:ClusterId is required for SQLite clustering.");
        }

        if (!IsValidIdentifier(options.TableName))
        {
            failures.Add($"{settingsPath}:TableName '{options.TableName}' is not a valid table name: {IdentifierRule}.");
        }

        if (options.BusyTimeout <= TimeSpan.Zero)
        {
            failures.Add($"{settingsPath}:BusyTimeout must be positive (was {options.BusyTimeout}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    public static bool IsValidIdentifier(string? value) => value is not null && Identifier().IsMatch(value);

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]{0,54}$", RegexOptions.CultureInvariant)]
    private static partial Regex Identifier();
}
