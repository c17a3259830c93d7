using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Granary.Sqlite;

/// <summary>
/// Opens connections to one SQLite database that wait up to a busy timeout for another writer (in the database,
/// through <c>PRAGMA busy_timeout</c>, and in each command's own timeout), for the storage, membership and
/// reminder tables alike.
/// </summary>
internal sealed class SqliteConnections(string connectionString, TimeSpan busyTimeout)
{
    private readonly string _busyTimeoutPragma = FormattableString.Invariant($"PRAGMA busy_timeout = {(long)busyTimeout.TotalMilliseconds};");
    private readonly int _commandTimeoutSeconds = Math.Max(1, (int)Math.Ceiling(busyTimeout.TotalSeconds));

    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);

            // Pooled connections may or may not have it already; setting it is an in-memory change, so always do.
            using var pragma = connection.CreateCommand();
            pragma.CommandText = _busyTimeoutPragma;
            await pragma.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Gives <paramref name="command"/> the busy timeout, so a command waits for the writer as long as the database does.</summary>
    public TCommand WithTimeout<TCommand>(TCommand command)
        where TCommand : DbCommand
    {
        command.CommandTimeout = _commandTimeoutSeconds;
        return command;
    }
}
