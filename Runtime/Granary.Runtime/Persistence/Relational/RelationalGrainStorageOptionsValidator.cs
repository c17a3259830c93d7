using Microsoft.Extensions.Options;

namespace Granary.Persistence.Relational;

/// <summary>
/// Validates the options of one named relational storage. Messages name the configuration key to fix, using
/// <paramref name="settingsPath"/> (the section the options bind from, or where they would), and the provider
/// and storage they belong to.
/// </summary>
internal abstract class RelationalGrainStorageOptionsValidator<TOptions>(string providerName, string storageName, string settingsPath)
    : IValidateOptions<TOptions>
    where TOptions : class
{
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        if (!string.Equals(name, storageName, StringComparison.Ordinal))
        {
            return ValidateOptionsResult.Skip;
        }

        var failures = new List<string>();
        Validate(options, failures);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Adds a message to <paramref name="failures"/> for every setting of <paramref name="options"/> that is wrong.</summary>
    protected abstract void Validate(TOptions options, List<string> failures);

    /// <summary>
    /// Requires <c>ConnectionString</c> and that <paramref name="parse"/> accepts it (throwing <see cref="ArgumentException"/>
    /// otherwise); <paramref name="kind"/> names the format, for example <c>Npgsql</c>.
    /// </summary>
    protected void ValidateConnectionString(List<string> failures, string? connectionString, string kind, Action<string> parse)
    {
        ArgumentNullException.ThrowIfNull(failures);
        ArgumentNullException.ThrowIfNull(parse);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            failures.Add($"{Setting("ConnectionString is required")}.");
            return;
        }

        try
        {
            parse(connectionString);
        }
        catch (ArgumentException ex)
        {
            failures.Add($"{Setting($"ConnectionString is not a valid {kind} connection string")}: {ex.Message}");
        }
    }

    /// <summary>Requires the setting <paramref name="setting"/> to be a <see cref="StorageIdentifier"/>; <paramref name="what"/> says what it names.</summary>
    protected void ValidateIdentifier(List<string> failures, string setting, string? value, string what)
    {
        ArgumentNullException.ThrowIfNull(failures);
        if (!StorageIdentifier.IsValid(value))
        {
            failures.Add($"{Setting($"{setting} '{value}' is not a valid {what}")}: {StorageIdentifier.Rule}.");
        }
    }

    /// <summary>
    /// "<paramref name="problem"/>" placed after the settings path and followed by the storage it belongs to, for
    /// example <c>Granary:Storage:Default:BusyTimeout must be positive for the Sqlite grain storage 'Default'</c>.
    /// </summary>
    protected string Setting(string problem) => $"{settingsPath}:{problem} for the {providerName} grain storage '{storageName}'";
}
