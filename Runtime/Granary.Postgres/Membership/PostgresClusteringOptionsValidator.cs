using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Granary.Postgres.Membership;

/// <summary>Validates the clustering options; messages name the configuration key to fix, under <paramref name="settingsPath"/>.</summary>
internal sealed partial class PostgresClusteringOptionsValidator(string settingsPath) : IValidateOptions<PostgresClusteringOptions>
{
    /// <summary>The rule for Schema and TableName, which are spliced into SQL text (TableName leaves room for "_version").</summary>
    public const string IdentifierRule = "use letters, digits and underscores, starting with a letter or underscore, at most 55 characters";

    public ValidateOptionsResult Validate(string? name, PostgresClusteringOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            failures.Add($"{settingsPath}:ConnectionString is required for PostgreSQL clustering.");
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
            failures.Add($"{settingsPath}:ClusterId is required for PostgreSQL clustering.");
        }

        if (!IsValidIdentifier(options.Schema))
        {
            failures.Add($"{settingsPath}:Schema '{options.Schema}' is not a valid schema name: {IdentifierRule}.");
        }

        if (!IsValidIdentifier(options.TableName))
        {
            failures.Add($"{settingsPath}:TableName '{options.TableName}' is not a valid table name: {IdentifierRule}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    public static bool IsValidIdentifier(string? value) => value is not null && Identifier().IsMatch(value);

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]{0,54}$", RegexOptions.CultureInvariant)]
    private static partial Regex Identifier();
}
