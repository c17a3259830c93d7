using System.Data.Common;

namespace Granary.Persistence.Relational;

/// <summary>
/// Runs one operation of a SQL-backed table on a fresh connection: behind a write gate where the database takes
/// one writer at a time (SQLite), and with database failures turned into the table's own typed exception. Used by
/// the relational membership and reminder tables.
/// </summary>
internal sealed class RelationalOperationRunner(
    Func<CancellationToken, Task<DbConnection>> openConnection,
    bool serializeWrites,
    bool cancellationWins)
{
    private readonly SemaphoreSlim? _writeGate = serializeWrites ? new SemaphoreSlim(1, 1) : null;

    /// <summary>
    /// Runs <paramref name="body"/>; an exception <paramref name="isFailure"/> accepts is rethrown as
    /// <paramref name="translate"/> makes it, unless the provider lets a requested cancellation win.
    /// </summary>
    public async Task<T> RunAsync<T>(
        bool gated,
        Func<DbConnection, Task<T>> body,
        Func<Exception, bool> isFailure,
        Func<Exception, Exception> translate,
        CancellationToken cancellationToken)
    {
        try
        {
            var gate = gated ? _writeGate : null;
            if (gate is not null)
            {
                await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            }

            try
            {
                var connection = await openConnection(cancellationToken).ConfigureAwait(false);
                await using (connection.ConfigureAwait(false))
                {
                    return await body(connection).ConfigureAwait(false);
                }
            }
            finally
            {
                gate?.Release();
            }
        }
        catch (Exception exception) when (isFailure(exception))
        {
            if (cancellationWins)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            throw translate(exception);
        }
    }
}
