namespace Granary.Silo.Database;

/// <summary>The database could not be reached before the start-up deadline; the process exits non-zero.</summary>
public sealed class DatabaseUnavailableException(string target, int attempts, TimeSpan timeout, Exception lastError)
    : Exception(
        $"Could not reach the {target} after {attempts} attempts over {timeout.TotalSeconds:0} s "
        + $"(Granary:Database:StartupTimeout): {lastError.Message}",
        lastError);
